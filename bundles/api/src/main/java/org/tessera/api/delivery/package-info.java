/**
 * Delivery targets: what carries out one instruction of a {@code .qmail} file (dot-qmail(5)) —
 * a Maildir, an mbox, a program, forwards — and what plugin authors implement to add kinds of
 * their own.
 *
 * <p>The LOCAL channel finds the user and the {@code .qmail} file, checks permissions and
 * loops, builds the qmail-command environment once, and hands each instruction to the
 * {@link org.tessera.api.delivery.DeliveryTarget} registered for its kind. A target that is
 * missing defers the delivery; it never bounces it. A target that implements
 * {@link org.tessera.api.delivery.UserProcessTarget} runs as the recipient's user when Tessera
 * runs as root; any other runs in the server.
 *
 * <p>1.1.0: {@code UserProcessTarget}. 1.2.0: {@code DeliveryKind}.
 */
@Export
@Version("1.2.0")
package org.tessera.api.delivery;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

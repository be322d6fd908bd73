/**
 * The model of a message in transit: envelope addresses, the envelope, and access to the
 * message bytes.
 *
 * <p>Addresses are qmail's: byte strings split at the last {@code @}, not RFC 5321 mailboxes.
 * Nothing here parses or formats; the edge that reads an address from the network or a file
 * splits it once into a {@link org.tessera.api.mail.MailAddress}. Message bytes are never held
 * whole in memory: {@link org.tessera.api.mail.MessageContent} opens a stream.
 */
@Export
@Version("1.0.0")
package org.tessera.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

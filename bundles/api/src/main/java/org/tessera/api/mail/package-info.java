/**
 * The model of a message in transit: envelope addresses, the envelope, and access to the
 * message bytes.
 *
 * <p>Addresses are qmail's: byte strings split at the last {@code @}, not RFC 5321 mailboxes.
 * {@link org.tessera.api.mail.MailAddress#parse(String)} is the one split and
 * {@link org.tessera.api.mail.MailAddress#text()} the one join: the edge that reads an address
 * from the network or a file removes its protocol's syntax ({@code <>}, quotes) and parses the
 * text once. Message bytes are never held whole in memory:
 * {@link org.tessera.api.mail.MessageContent} opens a stream. Since 1.2 the queue's content tells when
 * the message arrived ({@link org.tessera.api.mail.MessageContent#arrival()}).
 */
@Export
@Version("1.2.0")
package org.tessera.api.mail;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

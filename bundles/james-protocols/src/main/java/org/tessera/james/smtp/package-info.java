/**
 * SMTP glue for James Protocols: a {@code Received:} header that never asks DNS for the
 * client's name ({@link org.tessera.james.smtp.ReceivedHeaderFilter}, with qmail-smtpd's exact
 * format in {@link org.tessera.james.smtp.QmailReceivedHeader}), and
 * {@link org.tessera.james.smtp.NonBlockingSMTPProtocolHandlerChain}, James's default SMTP chain
 * with that filter in place of {@code ReceivedDataLineFilter}.
 */
@Export
@Version("1.1.0")
package org.tessera.james.smtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

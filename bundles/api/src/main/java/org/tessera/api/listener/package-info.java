/**
 * The running listeners as the administrator sees them ({@code ctl stat}): each SMTP, QMTP, QMQP
 * and POP3 listener registers a {@link org.tessera.api.listener.Listener} that says where it
 * listens, how many sessions it holds and how it speaks TLS; the
 * {@link org.tessera.api.listener.ServerCertificate} says which certificate their TLS uses.
 */
@Export
@Version("1.1.0")
package org.tessera.api.listener;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

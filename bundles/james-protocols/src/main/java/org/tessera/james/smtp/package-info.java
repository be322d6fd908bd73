/**
 * qmail's {@code Received:} line for every listener ({@link org.tessera.james.smtp.QmailReceivedHeader}),
 * built from tcpserver's variables without any DNS lookup.
 */
@Export
@Version("2.0.0")
package org.tessera.james.smtp;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

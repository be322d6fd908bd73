/**
 * The mail log as a service: {@link org.tessera.api.maillog.MailLog}, to which qmail-send's,
 * tcpserver's and the listeners' lines go, each a {@link org.tessera.api.maillog.MailLogLine} with
 * its kind and time.
 */
@Export
@Version("1.0.0")
package org.tessera.api.maillog;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

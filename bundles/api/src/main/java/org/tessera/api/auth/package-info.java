/**
 * Who a client is: DJB's checkpassword interface (cr.yp.to/checkpwd/interface.html) as a service, used
 * by POP3 and by SMTP AUTH on the submission listener.
 */
@Export
@Version("1.0.0")
package org.tessera.api.auth;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

package org.tessera.relaypolicy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link RcptHostsPolicy}: only which control files it reads. */
@ObjectClassDefinition(
        id = RcptHostsPolicy.PID,
        name = "Tessera relay policy",
        description = "Who may relay (qmail-smtpd, qmail-qmtpd): RELAYCLIENT, else rcpthosts and morercpthosts.cdb.")
@interface RcptHostsPolicyConfiguration {

    @AttributeDefinition(
            name = "Control files",
            description = "Filter selecting the ControlFiles service whose rcpthosts, locals and virtualdomains"
                    + " are read.")
    String control_target() default "(objectClass=org.tessera.api.control.ControlFiles)";
}

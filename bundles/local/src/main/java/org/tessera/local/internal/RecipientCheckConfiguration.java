package org.tessera.local.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link RecipientCheck}. */
@ObjectClassDefinition(
        id = RecipientCheck.PID,
        name = "Tessera recipient check at RCPT",
        description = "Refuses at RCPT (550) local recipients that local delivery would bounce as having no"
                + " mailbox, on the listeners named here. Beyond qmail: off unless a listener is named.")
@interface RecipientCheckConfiguration {

    @AttributeDefinition(
            name = "Listeners",
            description = "Names of the listeners (their name attribute, e.g. smtp) whose RCPT is checked.",
            cardinality = 100)
    String[] listeners() default {};
}

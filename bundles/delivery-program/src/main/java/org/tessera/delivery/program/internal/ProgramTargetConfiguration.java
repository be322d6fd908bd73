package org.tessera.delivery.program.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link ProgramTarget}. */
@ObjectClassDefinition(
        id = ProgramTarget.PID,
        name = "Tessera program delivery",
        description = "Runs the |command lines of .qmail files with /bin/sh -c, as qmail-local does.")
@interface ProgramTargetConfiguration {

    @AttributeDefinition(
            name = "PATH",
            description = "The PATH programs get. Nothing else of the server's environment reaches them: only"
                    + " this, the qmail-command variables (USER, HOME, LOCAL, RECIPIENT, DTLINE, ...) and"
                    + " TESSERA_HOME and TESSERA_QMQP_PORT (for bin/forward and bin/condredirect) when the server has them.")
    String path() default ProgramRunner.DEFAULT_PATH;

    @AttributeDefinition(
            name = "Timeout",
            description = "Seconds a program may run (at least 1). Then it and every process it started are"
                    + " killed and the delivery is deferred, to be retried later.")
    long timeoutSeconds() default ProgramRunner.DEFAULT_TIMEOUT_SECONDS;
}

package org.tessera.checkpassword.exec.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link CheckpasswordProgram}. */
@ObjectClassDefinition(
        id = CheckpasswordProgram.PID,
        name = "Tessera checkpassword program",
        description = "Checks POP3 and SMTP AUTH logins with a DJB checkpassword program, as qmail-popup does."
                + " Its place in the chain of password checkers is the service.ranking property (default "
                + CheckpasswordProgram.RANKING + ").")
@interface CheckpasswordProgramConfiguration {

    @AttributeDefinition(
            name = "Program",
            required = false,
            description = "The checkpassword program and its arguments, split on blanks, e.g. /usr/bin/checkpw or"
                    + " /usr/local/bin/vchkpw. The environment variable " + CheckpasswordProgram.ENVIRONMENT
                    + ", when set and not blank, replaces it. With neither, every login passes to the next checker.")
    String program() default "";

    @AttributeDefinition(
            name = "Timeout",
            description = "Seconds a check may take (1 to " + ProgramCheck.MAX_TIMEOUT_SECONDS + "). Then the program and every process it started are"
                    + " killed and the login fails temporarily.")
    long timeoutSeconds() default ProgramCheck.DEFAULT_TIMEOUT_SECONDS;

    @AttributeDefinition(
            name = "Reply program",
            required = false,
            description = "The program checkpassword runs once it has switched to the account; it tells Tessera"
                    + " the account's name, home, uid and gid. Empty: bin/checkpassword-reply of the distribution"
                    + " (under the karaf.home system property).")
    String replyProgram() default "";
}

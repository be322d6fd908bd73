package org.tessera.listener;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** How password guessing is slowed down, for SMTP AUTH and POP3 alike ({@code etc/org.tessera.login.cfg}). */
@ObjectClassDefinition(id = LoginThrottle.PID, name = "Tessera login throttle", description = "Failed logins from one"
        + " address or for one user are answered later and later, then refused for a while.")
@interface LoginThrottleConfiguration {

    @AttributeDefinition(name = "First delay", description = "Milliseconds the answer to a failed login waits; it"
            + " doubles with each further failure of the same address or user. A successful login is never delayed.")
    long failureDelayMillis() default 1000;

    @AttributeDefinition(name = "Longest delay", description = "Seconds; the doubling stops here.")
    long maxFailureDelaySeconds() default 15;

    @AttributeDefinition(name = "Failures per address", description = "Failed logins from one client address within"
            + " the window after which its logins are refused (temporarily) for the lockout time; 0: no limit.")
    int failuresPerAddress() default 20;

    @AttributeDefinition(name = "Failures per user", description = "Failed logins for one user name within the"
            + " window after which that user's logins are refused (temporarily) for the lockout time; 0: no limit.")
    int failuresPerUser() default 10;

    @AttributeDefinition(name = "Window", description = "Seconds a failure counts for.")
    long windowSeconds() default 900;

    @AttributeDefinition(name = "Lockout", description = "Seconds logins stay refused once a limit is reached.")
    long lockoutSeconds() default 900;

    @AttributeDefinition(name = "Tracked entries", description = "Addresses and users remembered at most; past it"
            + " the oldest quiet ones are forgotten first.")
    int maxEntries() default 100000;
}

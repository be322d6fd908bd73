package org.tessera.example.ratelimit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link OutboundRateLimit}. */
@ObjectClassDefinition(
        id = OutboundRateLimit.PID,
        name = "Tessera example: outbound rate limit",
        description = "Defers (451) outbound recipients past a limit per authenticated user and per sender domain.")
@interface OutboundRateLimitConfiguration {

    @AttributeDefinition(
            name = "Per user",
            description = "Outbound recipients an authenticated user may send to within the window; 0 for no limit.")
    int perUser() default 200;

    @AttributeDefinition(
            name = "Per sender domain",
            description = "Outbound recipients all senders of one envelope-sender domain may send to within the"
                    + " window, authenticated or relaying by RELAYCLIENT; 0 for no limit.")
    int perSenderDomain() default 1000;

    @AttributeDefinition(
            name = "Window",
            description = "Seconds over which the limits count; a sender's allowance comes back evenly over it.")
    int windowSeconds() default 3600;
}

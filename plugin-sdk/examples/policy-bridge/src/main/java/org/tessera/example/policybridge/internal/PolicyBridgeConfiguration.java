package org.tessera.example.policybridge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link PolicyBridge}: one policy server. */
@ObjectClassDefinition(
        id = PolicyBridge.PID,
        name = "Tessera example: Postfix policy delegation",
        description = "Asks a Postfix policy server (postgrey, policyd-spf, ...) about each recipient at RCPT.")
@interface PolicyBridgeConfiguration {

    @AttributeDefinition(
            name = "Address",
            description = "host:port of the policy server (postgrey listens on 127.0.0.1:10023 by default).")
    String address() default "127.0.0.1:10023";

    @AttributeDefinition(
            name = "Timeout",
            description = "Seconds for connecting and for an answer; past it the recipient is deferred (451).")
    int timeoutSeconds() default 10;

    @AttributeDefinition(
            name = "Idle connections",
            description = "Connections kept open between requests, as Postfix keeps them (its policy servers expect it).")
    int idleConnections() default 4;
}

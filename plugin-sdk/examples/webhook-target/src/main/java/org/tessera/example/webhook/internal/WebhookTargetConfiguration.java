package org.tessera.example.webhook.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link WebhookTarget}. */
@ObjectClassDefinition(
        id = WebhookTarget.PID,
        name = "Tessera example: webhook delivery target",
        description = "Carries out the .qmail lines +webhook:URL: an HTTP POST of the message to URL.")
@interface WebhookTargetConfiguration {

    @AttributeDefinition(
            name = "Allowed URL prefixes",
            description = "The URLs a .qmail line may name, by prefix (e.g. https://hooks.example.com/ or"
                    + " http://127.0.0.1:8080/). Users write .qmail files, and the server makes the request:"
                    + " no prefix, no webhook delivery (each is deferred).")
    String[] allowed() default {};

    @AttributeDefinition(
            name = "Timeout",
            description = "Seconds for connecting and for the whole answer; past it the delivery is deferred.")
    int timeoutSeconds() default 30;

    @AttributeDefinition(
            name = "Largest message",
            description = "Bytes: a bigger message bounces (the endpoint would refuse it anyway); 0 for no limit.")
    long maxBytes() default 10L * 1024 * 1024;
}

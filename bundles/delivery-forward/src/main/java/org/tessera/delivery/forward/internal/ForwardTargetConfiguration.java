package org.tessera.delivery.forward.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link ForwardTarget}. */
@ObjectClassDefinition(
        id = ForwardTarget.PID,
        name = "Tessera forward delivery",
        description = "Sends the forward lines of .qmail files on, as one new message through the queue.")
@interface ForwardTargetConfiguration {

    @AttributeDefinition(
            name = "Alias user",
            description = "The user whose forwards the queue records as \"invoked by alias\" (qmail's alias"
                    + " account, whose home is alias/); every other user's as \"invoked by uid UID\".")
    String aliasUser() default ForwardTarget.DEFAULT_ALIAS_USER;
}

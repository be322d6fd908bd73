package org.tessera.delivery.mbox.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link MboxTarget}. */
@ObjectClassDefinition(
        id = MboxTarget.PID,
        name = "Tessera mbox delivery",
        description = "Delivery into mbox lines of .qmail files (./Mailbox, /var/mail/joe), as qmail-local's mbox delivery.")
@interface MboxTargetConfiguration {

    @AttributeDefinition(
            name = "Lock wait",
            description = "Seconds a delivery waits for another writer's lock on the mbox (qmail-local: 30);"
                    + " then it fails temporarily with \"File has been locked for N seconds straight.\"")
    long lockWaitSeconds() default MboxTarget.DEFAULT_LOCK_WAIT_SECONDS;
}

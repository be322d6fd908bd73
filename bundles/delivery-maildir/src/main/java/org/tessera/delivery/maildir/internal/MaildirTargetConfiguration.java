package org.tessera.delivery.maildir.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of {@link MaildirTarget}. */
@ObjectClassDefinition(
        id = MaildirTarget.PID,
        name = "Tessera Maildir delivery",
        description = "Delivery into ./Maildir/ lines of .qmail files, as qmail-local's maildir delivery.")
@interface MaildirTargetConfiguration {

    @AttributeDefinition(
            name = "Timeout",
            description = "Seconds one delivery may take from creating its file in tmp/ to linking it into new/;"
                    + " then it is abandoned, its file removed, and it fails temporarily (qmail-local's 24-hour alarm).")
    long timeoutSeconds() default MaildirTarget.DEFAULT_TIMEOUT_SECONDS;
}

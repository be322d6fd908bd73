package org.tessera.qmtp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One QMTP listener (a factory configuration each: {@code etc/org.tessera.qmtp-<name>.cfg}). */
@ObjectClassDefinition(
        id = QmtpListener.PID,
        name = "Tessera QMTP listener",
        description = "A QMTP port speaking as qmail-qmtpd does.")
@interface QmtpListenerConfiguration {

    @AttributeDefinition(name = "Name", description = "Names the listener in its tcprules file: control/tcp.<name>.")
    String name() default "qmtp";

    @AttributeDefinition(name = "Port", description = "TCP port; 0 disables the listener.")
    int port() default 2209;

    @AttributeDefinition(name = "Bind address", description = "The address to listen on.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Handler threads", description = "Threads running the sessions; each session"
            + " stays on one. Nothing on them waits for the queue's sync.")
    int handlerThreads() default 4;

    @AttributeDefinition(name = "Recipients per package", description = "More are answered Z (qmail has no limit).")
    int maxRecipients() default 1000;

    @AttributeDefinition(name = "Longest session", description = "Seconds; then the connection is closed"
            + " (qmail-qmtpd's alarm).")
    long maxSessionSeconds() default 3600;

    @AttributeDefinition(name = "Hook threads", description = "Threads calling the relay policies; sessions wait"
            + " for them without holding a thread of their own.")
    int hookThreads() default 16;

    @AttributeDefinition(name = "Hook deadline", description = "Seconds one relay-policy or connection-rules call"
            + " may take; a policy that takes longer (or fails) defers the recipient (Z), never accepts it, and such"
            + " connection rules drop the connection.")
    long hookTimeoutSeconds() default 30;
}

package org.tessera.qmtp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One QMQP listener (a factory configuration each: {@code etc/org.tessera.qmqp-<name>.cfg}). */
@ObjectClassDefinition(
        id = QmqpListener.PID,
        name = "Tessera QMQP listener",
        description = "A QMQP port speaking as qmail-qmqpd does: mail for any destination, so restrict it with"
                + " control/tcp.<name> (without that file, loopback clients only).")
@interface QmqpListenerConfiguration {

    @AttributeDefinition(name = "Name", description = "Names the listener in its tcprules file: control/tcp.<name>.")
    String name() default "qmqp";

    @AttributeDefinition(name = "Port", description = "TCP port; 0 disables the listener.")
    int port() default 2628;

    @AttributeDefinition(name = "Bind address", description = "The address to listen on.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Handler threads", description = "Threads running the sessions; each session"
            + " stays on one. Nothing on them waits for the queue's sync.")
    int handlerThreads() default 4;

    @AttributeDefinition(name = "Recipients per message", description = "More refuse the message with Z"
            + " (qmail has no limit).")
    int maxRecipients() default 10000;

    @AttributeDefinition(name = "Longest session", description = "Seconds; then the connection is closed"
            + " (qmail-qmqpd's alarm).")
    long maxSessionSeconds() default 3600;

    @AttributeDefinition(name = "Hook deadline", description = "Seconds one connection-rules service may take;"
            + " one that takes longer (or fails) drops the connection.")
    long hookTimeoutSeconds() default 30;
}

package org.tessera.pop3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One POP3 listener (a factory configuration each: {@code etc/org.tessera.pop3-<name>.cfg}). */
@ObjectClassDefinition(
        id = Pop3Listener.PID,
        name = "Tessera POP3 listener",
        description = "A POP3 port speaking as qmail-popup and qmail-pop3d: one login per connection through the"
                + " password checkers, then the account's ~/Maildir.")
@interface Pop3ListenerConfiguration {

    @AttributeDefinition(name = "Name", description = "Names the listener in its tcprules file: control/tcp.<name>.")
    String name() default "pop3";

    @AttributeDefinition(name = "Port", description = "TCP port; 0 disables the listener.")
    int port() default 1110;

    @AttributeDefinition(name = "Bind address", description = "The address to listen on.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Host name", description = "The host of the APOP timestamp in the greeting"
            + " (qmail-popup's first argument). Empty: control/me.")
    String hostname() default "";

    @AttributeDefinition(name = "Idle timeout", description = "Seconds without a read or write after which the"
            + " connection is closed (qmail's 1200).")
    long timeoutSeconds() default 1200;

    @AttributeDefinition(name = "Longest command", description = "Bytes of one command line; a longer line ends"
            + " the session (qmail reads without bound).")
    int maxCommandBytes() default 1024;

    @AttributeDefinition(name = "Handler threads", description = "Threads running the sessions; 0: the I/O"
            + " threads (one per core) run them, with no hand-over per command: a session's work there is a"
            + " small read of one message at most, all else runs on the worker threads.")
    int handlerThreads() default 0;

    @AttributeDefinition(name = "Worker threads", description = "Threads running password checks and Maildir"
            + " operations (as the account, when the server is root).")
    int workerThreads() default 8;

    @AttributeDefinition(name = "Hook deadline", description = "Seconds one connection-rules service may take;"
            + " one that takes longer (or fails) drops the connection.")
    long hookTimeoutSeconds() default 30;
}

package org.tessera.pop3.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One POP3 listener (a factory configuration each: {@code etc/org.tessera.pop3-<name>.cfg}). */
@ObjectClassDefinition(
        id = Pop3Listener.PID,
        name = "Tessera POP3 listener",
        description = "A POP3 port speaking as qmail-popup and qmail-pop3d: one login per connection through the"
                + " password checkers, then the account's ~/Maildir; or, with the modern profile, as a POP3 server"
                + " of today's clients: CAPA, STLS, AUTH PLAIN and LOGIN, logins only in TLS.")
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

    @AttributeDefinition(name = "Hook deadline", description = "Seconds one connection-rules service or one password"
            + " checker may take; a connection rule that takes longer (or fails) drops the connection, a checker"
            + " that does fails the login for now.")
    long hookTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Modern profile", description = "Beyond qmail, off by default (a qmail-pop3d"
            + " client sees qmail-popup): CAPA (RFC 2449), STLS (RFC 2595) with the certificate of"
            + " etc/org.tessera.tls.cfg, AUTH PLAIN and LOGIN (RFC 5034), response codes ([AUTH], [SYS/TEMP]) and"
            + " several login attempts per connection. Every login (USER/PASS, APOP, AUTH) needs TLS: before STLS"
            + " (or on a port in clear without a usable certificate) they are refused with -ERR [AUTH], as RFC"
            + " 2595 lets a server do, so that no password crosses the network in clear.")
    boolean modern() default false;

    @AttributeDefinition(name = "Implicit TLS", description = "Every connection starts with a TLS handshake"
            + " (POP3S, RFC 8314; qmail-popup behind sslserver when the modern profile is off).")
    boolean implicitTls() default false;
}

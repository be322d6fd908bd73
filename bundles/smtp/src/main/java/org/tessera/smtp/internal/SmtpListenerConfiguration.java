package org.tessera.smtp.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One SMTP listener (a factory configuration each: {@code etc/org.tessera.smtp-<name>.cfg}). */
@ObjectClassDefinition(
        id = SmtpListener.PID,
        name = "Tessera SMTP listener",
        description = "An SMTP port speaking as qmail-smtpd does.")
@interface SmtpListenerConfiguration {

    @AttributeDefinition(name = "Name", description = "Names the listener in the mail log and its tcprules"
            + " file: control/tcp.<name>.")
    String name() default "smtp";

    @AttributeDefinition(name = "Port", description = "TCP port; 0 disables the listener.")
    int port() default 2525;

    @AttributeDefinition(name = "Bind address", description = "The address to listen on.")
    String bind() default "127.0.0.1";

    @AttributeDefinition(name = "Handler threads", description = "Threads running the sessions; each session"
            + " stays on one. Nothing on them blocks for long: the queue's sync is waited for without a thread."
            + " 0 (the default) is one per core.")
    int handlerThreads() default 0;

    @AttributeDefinition(name = "I/O threads", description = "Threads reading and writing the sockets; 0 (the"
            + " default) is one per core.")
    int ioThreads() default 0;

    @AttributeDefinition(name = "Longest command line", description = "Bytes; a longer line is answered 500"
            + " (qmail has no limit). DATA lines have no limit.")
    int maxCommandBytes() default 16384;

    @AttributeDefinition(name = "Commands per session", description = "After this many, 421 and the session ends.")
    int maxCommands() default 10000;

    @AttributeDefinition(name = "Recipients per message", description = "More are answered 452, as Postfix does.")
    int maxRecipients() default 1000;

    @AttributeDefinition(name = "Longest session", description = "Seconds; then 421 and the session ends.")
    long maxSessionSeconds() default 3600;

    @AttributeDefinition(name = "Local injection", description = "For sendmail -bs: each connection first sends"
            + " the caller's qmail-smtpd environment in one line, and the session runs with it (RELAYCLIENT included)."
            + " Any local user may then relay, as with qmail's sendmail -bs; the listener refuses to start on an"
            + " address that is not loopback.")
    boolean localInjection() default false;

    @AttributeDefinition(name = "Message filters", description = "Beyond qmail, off by default: at the end of DATA"
            + " the message is spooled whole and the MessageFilter plugins are asked, highest ranking first (accept,"
            + " adding header fields; reject; defer) before the queue takes it. While no filter is running, DATA"
            + " is answered 451 (fail closed).")
    boolean messageFilters() default false;

    @AttributeDefinition(name = "Filter threads", description = "Threads spooling messages, and threads calling"
            + " the filters, when message filters are on (this many of each).")
    int filterThreads() default 16;

    @AttributeDefinition(name = "Filter deadline", description = "Seconds one message filter may take; a filter"
            + " that takes longer (or fails) defers the message with 451.")
    long filterTimeoutSeconds() default 300;

    @AttributeDefinition(name = "Hook threads", description = "Threads calling the HELO, sender and relay policies;"
            + " sessions wait for them without holding a thread of their own.")
    int hookThreads() default 16;

    @AttributeDefinition(name = "Hook deadline", description = "Seconds one policy or connection-rules call may"
            + " take; a policy that takes longer (or fails) is answered 451, never taken as an acceptance, and such"
            + " connection rules drop the connection.")
    long hookTimeoutSeconds() default 30;

    @AttributeDefinition(name = "Silent client while others wait", description = "Seconds: while every slot of"
            + " concurrencyincoming is taken and a connection waits, a session whose client has sent nothing since"
            + " the greeting this long is ended with 421, to make room (a mail client speaks at once).")
    long busySilentSeconds() default 1;

    @AttributeDefinition(name = "Idle client while others wait", description = "Seconds: as above, for a client"
            + " that has sent nothing this long (Postfix's stress timeout); the idlest go first.")
    long busyIdleSeconds() default 5;

    @AttributeDefinition(name = "STARTTLS", description = "Beyond qmail, off by default: EHLO offers STARTTLS"
            + " (RFC 3207) with the certificate of etc/org.tessera.tls.cfg.")
    boolean startTls() default false;

    @AttributeDefinition(name = "Implicit TLS", description = "Every connection starts with a TLS handshake"
            + " (RFC 8314, the submissions port 465).")
    boolean implicitTls() default false;

    @AttributeDefinition(name = "AUTH", description = "Beyond qmail, off by default: EHLO offers AUTH PLAIN LOGIN"
            + " (RFC 4954) once the session is encrypted, checked by the password checkers; an authenticated"
            + " client may relay.")
    boolean auth() default false;

    @AttributeDefinition(name = "Submission", description = "A submission port (RFC 6409): MAIL needs AUTH first"
            + " (530), so no one unauthenticated sends anything here, whatever rcpthosts or tcprules say.")
    boolean submission() default false;

    @AttributeDefinition(name = "Sender of an authenticated client", description = "any (as qmail-smtpd-auth),"
            + " own-domain (the login's domain, or a domain delivered here for a login without one) or"
            + " own-addresses (the login's own address and its extensions); another sender is refused 553.")
    String senderLogin() default "any";
}

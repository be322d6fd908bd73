package org.tessera.smtp.internal;

import java.util.List;

import org.apache.james.protocols.api.Response;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.policy.Verdict;

/**
 * One SMTP reply as James writes it (each line followed by CR LF), and qmail-smtpd's fixed
 * texts, so that a qmail client reads exactly what qmail would send.
 */
record Reply(List<CharSequence> lines, boolean endSession) implements Response {

    static final Reply OK = of("250 ok");
    static final Reply FLUSHED = of("250 flushed");
    static final Reply VRFY = of("252 send some mail, i'll try my best");
    static final Reply HELP = of("214 Tessera, a qmail-compatible mail server: qmail's smtpd, nothing hidden");
    static final Reply UNIMPLEMENTED = of("502 unimplemented (#5.5.1)");
    static final Reply SYNTAX = of("555 syntax error (#5.5.4)");
    static final Reply MAIL_FIRST = of("503 MAIL first (#5.5.1)");
    static final Reply RCPT_FIRST = of("503 RCPT first (#5.5.1)");
    static final Reply BAD_MAIL_FROM = of("553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)");
    static final Reply GO_AHEAD = of("354 go ahead");
    static final Reply QQT_FAILURE = of("451 qqt failure (#4.3.0)");
    static final Reply TOO_MANY_HOPS = of("554 too many hops, this message is looping (#5.4.6)");
    static final Reply DATABYTES = of("552 sorry, that message size exceeds my databytes limit (#5.3.4)");
    static final Reply NO_POLICY = of("451 no relay policy is running; try again later (#4.3.0)");
    // Limits Tessera adds; qmail-smtpd has none, so no qmail client meets them in normal use.
    static final Reply LINE_TOO_LONG = of("500 line too long (#5.5.2)");
    static final Reply TOO_MANY_RECIPIENTS = of("452 too many recipients (#4.5.3)");
    // STARTTLS (RFC 3207), AUTH (RFC 4954) and submission (RFC 6409), beyond qmail: enhanced codes as those RFCs give them.
    static final Reply TLS_READY = of("220 2.0.0 ready to start TLS");
    static final Reply TLS_ACTIVE = of("503 5.5.1 TLS already active");
    static final Reply TLS_UNAVAILABLE = of("454 4.7.0 TLS not available; try again later");
    static final Reply STARTTLS_SYNTAX = of("501 5.5.4 syntax: STARTTLS");
    static final Reply AUTH_SYNTAX = of("501 5.5.4 syntax: AUTH mechanism [initial-response]");
    static final Reply ENCRYPTION_REQUIRED = of("538 5.7.11 encryption required for requested authentication mechanism");
    static final Reply ALREADY_AUTHENTICATED = of("503 5.5.1 already authenticated");
    static final Reply AUTH_IN_TRANSACTION = of("503 5.5.1 AUTH not permitted during a mail transaction");
    static final Reply AUTH_SUCCEEDED = of("235 2.7.0 authentication successful");
    static final Reply AUTH_FAILED = of("535 5.7.8 authentication credentials invalid");
    static final Reply AUTH_TEMPORARY = of("454 4.7.0 temporary authentication failure; try again later");
    static final Reply AUTH_LOCKED = of("454 4.7.0 too many failed logins; try again later");
    static final Reply AUTH_REQUIRED = of("530 5.7.0 authentication required");
    static final Reply BARE_LF = closing("451 See https://cr.yp.to/docs/smtplf.html.");
    static final Reply TIMEOUT = closing("451 timeout (#4.4.2)");
    static final Reply NO_CONTROLS = closing("421 unable to read controls (#4.3.0)");
    static final Reply TOO_MANY_COMMANDS = closing("421 too many commands in one session (#4.7.0)");
    static final Reply SESSION_TOO_LONG = closing("421 session lasted too long (#4.4.2)");
    static final Reply BUSY_IDLE = closing("421 idle while others wait; try again later (#4.4.2)");

    static Reply of(String... lines) {
        return new Reply(List.of(lines), false);
    }

    static Reply closing(String line) {
        return new Reply(List.of(line), true);
    }

    static Reply refusal(Verdict refused) {
        return of(refused.code() + " " + refused.text());
    }

    static Reply refusal(FilterResult refused) {
        return of(refused.code() + " " + refused.text());
    }

    @Override
    public String getRetCode() {
        return lines.get(0).subSequence(0, 3).toString();
    }

    @Override
    public List<CharSequence> getLines() {
        return lines;
    }

    @Override
    public boolean isEndSession() {
        return endSession;
    }
}

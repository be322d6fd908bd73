package org.tessera.smtp.internal;

import java.util.List;

import org.apache.james.protocols.api.Response;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.policy.Verdict;
import org.tessera.common.auth.SaslExchange;

/**
 * One SMTP reply as James writes it (each line followed by CR LF), and qmail-smtpd's fixed
 * texts, so that a qmail client reads exactly what qmail would send.
 */
record Reply(List<CharSequence> lines, boolean endSession, String reason) implements Response {

    static final Reply OK = of("250 ok");
    static final Reply FLUSHED = of("250 flushed");
    static final Reply VRFY = of("252 send some mail, i'll try my best");
    static final Reply HELP = of("214 Tessera, a qmail-compatible mail server: qmail's smtpd, nothing hidden");
    static final Reply UNIMPLEMENTED = of("502 unimplemented (#5.5.1)").because("unimplemented");
    static final Reply SYNTAX = of("555 syntax error (#5.5.4)").because("syntax");
    static final Reply MAIL_FIRST = of("503 MAIL first (#5.5.1)").because("sequence");
    static final Reply RCPT_FIRST = of("503 RCPT first (#5.5.1)").because("sequence");
    static final Reply BAD_MAIL_FROM = of("553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)").because("badmailfrom");
    static final Reply GO_AHEAD = of("354 go ahead");
    static final Reply QQT_FAILURE = of("451 qqt failure (#4.3.0)").because("queue");
    static final Reply TOO_MANY_HOPS = of("554 too many hops, this message is looping (#5.4.6)").because("hops");
    static final Reply DATABYTES = of("552 sorry, that message size exceeds my databytes limit (#5.3.4)").because("databytes");
    static final Reply NO_POLICY = of("451 no relay policy is running; try again later (#4.3.0)").because("no_relay_policy");
    // Limits Tessera adds; qmail-smtpd has none, so no qmail client meets them in normal use.
    static final Reply LINE_TOO_LONG = of("500 line too long (#5.5.2)").because("line_too_long");
    static final Reply TOO_MANY_RECIPIENTS = of("452 too many recipients (#4.5.3)").because("too_many_recipients");
    // STARTTLS (RFC 3207), AUTH (RFC 4954) and submission (RFC 6409), beyond qmail: enhanced codes as those RFCs give them.
    static final Reply TLS_READY = of("220 2.0.0 ready to start TLS");
    static final Reply TLS_ACTIVE = of("503 5.5.1 TLS already active").because("sequence");
    static final Reply TLS_UNAVAILABLE = of("454 4.7.0 TLS not available; try again later").because("tls_unavailable");
    static final Reply STARTTLS_SYNTAX = of("501 5.5.4 syntax: STARTTLS").because("syntax");
    static final Reply AUTH_SYNTAX = of("501 5.5.4 syntax: AUTH mechanism [initial-response]").because("auth_syntax");
    static final Reply ENCRYPTION_REQUIRED = of("538 5.7.11 encryption required for requested authentication mechanism").because("encryption_required");
    static final Reply ALREADY_AUTHENTICATED = of("503 5.5.1 already authenticated").because("sequence");
    static final Reply AUTH_IN_TRANSACTION = of("503 5.5.1 AUTH not permitted during a mail transaction").because("sequence");
    static final Reply AUTH_SUCCEEDED = of("235 2.7.0 authentication successful");
    static final Reply AUTH_FAILED = of("535 5.7.8 authentication credentials invalid").because("auth_failed");
    static final Reply AUTH_TEMPORARY = of("454 4.7.0 temporary authentication failure; try again later").because("auth_temporary");
    static final Reply AUTH_LOCKED = of("454 4.7.0 too many failed logins; try again later").because("auth_locked");
    static final Reply AUTH_REQUIRED = of("530 5.7.0 authentication required").because("auth_required");
    // The end of an AUTH exchange (org.tessera.common.auth.SaslExchange) in SMTP's words.
    static final Reply AUTH_UNKNOWN_MECHANISM = of("504 5.5.4 unrecognized authentication type").because("auth_syntax");
    static final Reply AUTH_CANCELLED = of("501 5.0.0 authentication cancelled").because("auth_cancelled");
    static final Reply AUTH_NOT_BASE64 = of("501 5.5.2 cannot decode the response").because("auth_syntax");
    static final Reply AUTH_MALFORMED = of("501 5.5.2 malformed PLAIN response").because("auth_syntax");
    static final Reply AUTH_LINE_TOO_LONG = of("500 5.5.6 authentication exchange line is too long").because("auth_syntax");
    static final Reply AUTH_OTHER_IDENTITY = of("535 5.7.8 authorization identity must be the user's own").because("auth_other_identity");
    static final Reply BARE_LF = closing("451 See https://cr.yp.to/docs/smtplf.html.").because("bare_lf");
    static final Reply TIMEOUT = closing("451 timeout (#4.4.2)").because("timeout");
    static final Reply NO_CONTROLS = closing("421 unable to read controls (#4.3.0)").because("no_controls");
    static final Reply TOO_MANY_COMMANDS = closing("421 too many commands in one session (#4.7.0)").because("too_many_commands");
    static final Reply SESSION_TOO_LONG = closing("421 session lasted too long (#4.4.2)").because("session_too_long");
    static final Reply TOO_MANY_FROM_ADDRESS = closing("421 too many connections from your address; try again later (#4.3.2)").because("address_limit");
    static final Reply BUSY_IDLE = closing("421 idle while others wait; try again later (#4.4.2)").because("busy");
    static final Reply SHUTTING_DOWN = closing("421 service shutting down; try again later (#4.3.2)").because("shutting_down");

    static Reply of(String... lines) {
        return new Reply(List.of(lines), false, "");
    }

    static Reply closing(String line) {
        return new Reply(List.of(line), true, "");
    }

    /** The same reply, with the reason its refusal is counted under ({@code tessera_smtp_refusals_total}). */
    Reply because(String why) {
        return new Reply(lines, endSession, why);
    }

    static Reply refusal(SaslExchange.Refusal refused) {
        return switch (refused) {
            case SYNTAX -> AUTH_SYNTAX;
            case UNKNOWN_MECHANISM -> AUTH_UNKNOWN_MECHANISM;
            case CANCELLED -> AUTH_CANCELLED;
            case NOT_BASE64 -> AUTH_NOT_BASE64;
            case MALFORMED -> AUTH_MALFORMED;
            case OTHER_IDENTITY -> AUTH_OTHER_IDENTITY;
        };
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

package org.tessera.pop3.internal;

import java.nio.charset.StandardCharsets;

import org.tessera.common.auth.SaslExchange;

/**
 * qmail-popup's and qmail-pop3d's answers, byte for byte (note the space after {@code +OK}), and those
 * of the modern profile, with RFC 2449's and RFC 3206's response codes where they apply.
 */
final class Replies {

    static final byte[] OK = line("+OK ");

    // qmail-popup
    static final byte[] SYNTAX_ERROR = error("syntax error");
    static final byte[] USER_FIRST = error("USER first");
    static final byte[] AUTHORIZATION_FIRST = error("authorization first");
    static final byte[] AUTHORIZATION_FAILED = error("authorization failed");
    static final byte[] CHILD_CRASHED = error("aack, child crashed");

    // qmail-pop3d
    static final byte[] NO_MAILDIR = error("this user has no $HOME/Maildir");
    static final byte[] CANNOT_SCAN = error("unable to scan $HOME/Maildir");
    static final byte[] UNIMPLEMENTED = error("unimplemented");
    static final byte[] ALREADY_DELETED = error("already deleted");
    static final byte[] COUNTED_FROM_ONE = error("messages are counted from 1");
    static final byte[] NOT_THAT_MANY = error("not that many messages");
    static final byte[] CANNOT_OPEN = error("unable to open that message");
    static final byte[] CANNOT_UNLINK = error("unable to unlink all deleted messages");

    // Tessera's own, for input qmail would have read without bound
    static final byte[] LINE_TOO_LONG = error("line too long");

    static final byte[] LIST_END = line(".");

    // The modern profile: STLS (RFC 2595), AUTH (RFC 5034), response codes (RFC 2449, RFC 3206)
    static final byte[] STLS_GO_AHEAD = line("+OK Begin TLS negotiation");
    static final byte[] TLS_ACTIVE = error("TLS already active");
    static final byte[] STLS_AFTER_LOGIN = error("STLS only before login");
    static final byte[] TLS_UNAVAILABLE = error("[SYS/TEMP] TLS not available; try again later");
    static final byte[] TLS_REQUIRED = error("[AUTH] plaintext authentication needs TLS: send STLS first");
    static final byte[] AUTH_MECHANISMS = line("+OK mechanisms follow\r\nPLAIN\r\nLOGIN\r\n.");
    static final byte[] AUTH_FAILED = error("[AUTH] authentication failed");
    static final byte[] AUTH_LOCKED = error("[SYS/TEMP] too many failed logins; try again later");
    static final byte[] AUTH_TEMPORARY = error("[SYS/TEMP] temporary authentication failure; try again later");
    static final byte[] AUTH_REFUSED = error("[SYS/PERM] this account may not log in here");
    static final byte[] AUTH_UNKNOWN_MECHANISM = error("unrecognized authentication type");
    static final byte[] AUTH_CANCELLED = error("authentication cancelled");
    static final byte[] AUTH_NOT_BASE64 = error("cannot decode the response");
    static final byte[] AUTH_MALFORMED = error("malformed PLAIN response");
    static final byte[] AUTH_OTHER_IDENTITY = error("[AUTH] authorization identity must be the user's own");

    private Replies() {
    }

    /** {@code text} and CRLF, in ASCII. */
    static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The end of an AUTH exchange without credentials, in POP3's words. */
    static byte[] refusal(SaslExchange.Refusal refused) {
        return switch (refused) {
            case SYNTAX -> SYNTAX_ERROR;
            case UNKNOWN_MECHANISM -> AUTH_UNKNOWN_MECHANISM;
            case CANCELLED -> AUTH_CANCELLED;
            case NOT_BASE64 -> AUTH_NOT_BASE64;
            case MALFORMED -> AUTH_MALFORMED;
            case OTHER_IDENTITY -> AUTH_OTHER_IDENTITY;
        };
    }

    private static byte[] error(String text) {
        return line("-ERR " + text);
    }
}

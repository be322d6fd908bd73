package org.tessera.pop3.internal;

import java.nio.charset.StandardCharsets;

/** qmail-popup's and qmail-pop3d's answers, byte for byte (note the space after {@code +OK}). */
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

    private Replies() {
    }

    /** {@code text} and CRLF, in ASCII. */
    static byte[] line(String text) {
        return (text + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] error(String text) {
        return line("-ERR " + text);
    }
}

package org.tessera.pop3.internal;

/**
 * qmail-pop3d's {@code msgno} and {@code scan_ulong}: the leading digits of an argument, and what
 * follows them.
 */
final class MessageNumber {

    private MessageNumber() {
    }

    /** The number of leading decimal digits of {@code text} from {@code from}. */
    static int digits(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /** The value of {@code length} digits from {@code from}, saturating instead of overflowing. */
    static long value(String text, int from, int length) {
        long value = 0;
        for (int i = from; i < from + length; i++) {
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (text.charAt(i) - '0');
        }
        return value;
    }

    /** The answer to a message number that names no message to use, or null when it names one. */
    static byte[] error(String argument, Mailbox mailbox) {
        int length = digits(argument, 0);
        if (length == 0) {
            return Replies.SYNTAX_ERROR;
        }
        long value = value(argument, 0, length);
        if (value == 0) {
            return Replies.COUNTED_FROM_ONE;
        }
        if (value > mailbox.count()) {
            return Replies.NOT_THAT_MANY;
        }
        return mailbox.message((int) value).deleted ? Replies.ALREADY_DELETED : null;
    }

    /** The message number of an argument {@link #error} found good. */
    static int number(String argument) {
        return (int) value(argument, 0, digits(argument, 0));
    }

    /**
     * RETR's and TOP's second number (body lines), after the message number and any spaces; -1 when
     * there is none, which sends the whole message.
     */
    static long bodyLines(String argument) {
        int at = digits(argument, 0);
        while (at < argument.length() && argument.charAt(at) == ' ') {
            at++;
        }
        int length = digits(argument, at);
        return length == 0 ? -1 : Math.min(value(argument, at, length), Long.MAX_VALUE - 1);
    }
}

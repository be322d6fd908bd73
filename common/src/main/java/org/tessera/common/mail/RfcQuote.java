package org.tessera.common.mail;

/**
 * qmail's quote.c: the local part of an address quoted only where RFC 821/822 need it (bounces,
 * qmail-local's environment, qmail-inject's envelope), as little as possible; bytes above 127 always
 * need quotes.
 */
public final class RfcQuote {

    /** The bytes that may stand unquoted in a box (besides letters and digits). */
    private static final String UNQUOTED_SPECIALS = "!#$%&'*+-./=?^_`{|}~";

    private RfcQuote() {
    }

    /** Whether the box (one char per byte) must be written as a quoted string. */
    public static boolean needsQuoting(String box) {
        if (box.isEmpty() || box.startsWith(".") || box.endsWith(".") || box.contains("..")) {
            return true;
        }
        for (int i = 0; i < box.length(); i++) {
            char c = box.charAt(i);
            boolean letterOrDigit = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!letterOrDigit && UNQUOTED_SPECIALS.indexOf(c) < 0) {
                return true;
            }
        }
        return false;
    }

    /** The address with the part before its last {@code @} quoted where needed (qmail's quote2). */
    public static String quoteAddress(String address) {
        if (address.isEmpty()) {
            return address;
        }
        // Split here rather than by MailAddress.parse: qmail-inject quotes header addresses with this
        // too, text read from a message that may hold a NUL, which a MailAddress refuses.
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return quote(address);
        }
        return quote(address.substring(0, at)) + address.substring(at);
    }

    /** qmail's quote(): the local part alone, quoted if needed; an empty one is {@code ""}. */
    public static String quote(String box) {
        if (!needsQuoting(box)) {
            return box;
        }
        StringBuilder quoted = new StringBuilder(box.length() + 2).append('"');
        for (int i = 0; i < box.length(); i++) {
            char c = box.charAt(i);
            if (c == '\r' || c == '\n' || c == '"' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('"').toString();
    }
}

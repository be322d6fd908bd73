package org.tessera.local.internal;

/**
 * qmail's {@code quote2}: the local part of an address quoted as RFC 821 needs, with as little
 * quoting as possible (no special treatment of bytes above 127, which always need quotes).
 */
final class RfcQuote {

    // qmail's quote.c table: the ASCII characters that may stand unquoted in an atom.
    private static final String ATOM = "!#$%&'*+-/=?^_`{|}~";

    private RfcQuote() {
    }

    /** {@code local@domain} with the part before the last {@code @} quoted if needed; the empty address stays empty. */
    static String address(String address) {
        if (address.isEmpty()) {
            return address;
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return quote(address);
        }
        return quote(address.substring(0, at)) + address.substring(at);
    }

    static String quote(String box) {
        if (!needsQuotes(box)) {
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

    private static boolean needsQuotes(String box) {
        if (box.isEmpty() || box.startsWith(".") || box.endsWith(".") || box.contains("..")) {
            return true;
        }
        for (int i = 0; i < box.length(); i++) {
            char c = box.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                    || ATOM.indexOf(c) >= 0;
            if (!ok) {
                return true;
            }
        }
        return false;
    }
}

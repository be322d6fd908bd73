package org.tessera.queue.internal.send;

/** qmail's quote.c: RFC 822 quoting of a local part in bounce headers, as little as possible. */
final class RfcQuote {

    /** RFC 822 specials and the characters outside printable ASCII force quoting. */
    private static final String SPECIALS = "()<>@,;:\\\".[]";

    private RfcQuote() {
    }

    /** quote(): the local part alone; an empty one is quoted as {@code ""}, as qmail 1.03 does. */
    static String quote(String local) {
        if (!needsQuoting(local)) {
            return local;
        }
        StringBuilder b = new StringBuilder(local.length() + 4).append('"');
        for (int i = 0; i < local.length(); i++) {
            char ch = local.charAt(i);
            if (ch == '\r' || ch == '\n' || ch == '"' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.append('"').toString();
    }

    /** quote2(): quotes the part before the last {@code @}; the empty address stays empty. */
    static String quote2(String address) {
        if (address.isEmpty()) {
            return address;
        }
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return quote(address);
        }
        return quote(address.substring(0, at)) + address.substring(at);
    }

    private static boolean needsQuoting(String s) {
        if (s.isEmpty()) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            // '.' is allowed here; its placement is checked below (dot-atom rules).
            if (ch <= ' ' || ch >= 127 || (ch != '.' && SPECIALS.indexOf(ch) >= 0)) {
                return true;
            }
        }
        return s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.' || s.contains("..");
    }
}

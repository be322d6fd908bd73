package org.tessera.common.mail;

/**
 * Envelope text on its way into a header line (Return-Path, Delivered-To, a bounce's To): an address
 * from QMQP, an injection tool or a .qmail forward may hold any byte but NUL, and one that ended the
 * line would let the sender write header fields of their own.
 */
public final class HeaderText {

    private HeaderText() {
    }

    /**
     * The text with every control character (CR, LF, TAB, the other bytes below 32, and DEL) made
     * {@code _}. qmail-local makes only LF {@code _}; a CR left in is a line end to many readers, and to
     * SMTP clients that send it as CRLF.
     */
    public static String oneLine(String text) {
        StringBuilder line = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < ' ' || c == 127) {
                if (line == null) {
                    line = new StringBuilder(text);
                }
                line.setCharAt(i, '_');
            }
        }
        return line == null ? text : line.toString();
    }
}

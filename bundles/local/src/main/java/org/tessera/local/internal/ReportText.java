package org.tessera.local.internal;

import java.nio.charset.StandardCharsets;

/**
 * qmail-lspawn's treatment of qmail-local's output: everything up to the first NUL; over 3000 bytes,
 * the first 2966 and {@code \nError report too long, sorry.\n}. Lengths are of the UTF-8 bytes; a cut
 * never splits a character.
 */
final class ReportText {

    static final int LIMIT = 3000;
    static final int KEPT = 2966;
    static final String TOO_LONG = "\nError report too long, sorry.\n";

    private ReportText() {
    }

    static String of(CharSequence output) {
        String text = output.toString();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            text = text.substring(0, nul);
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= LIMIT) {
            return text;
        }
        int end = KEPT;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // bytes[end] continues a character begun before the cut
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + TOO_LONG;
    }
}

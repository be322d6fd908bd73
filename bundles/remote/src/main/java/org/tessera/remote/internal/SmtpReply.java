package org.tessera.remote.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One reply of the peer as qmail-remote's smtpcode() reads it: the code is built from the first
 * three bytes of the first line, whatever they are, and the text is every byte of the reply but
 * CR, cut at 5000 bytes, NULs shown as {@code ?}.
 *
 * @param code the code, compared unsigned as qmail's {@code unsigned long} (so garbage counts as 5xx)
 * @param text the reply text for {@code Remote host said: }, usually ending with LF
 */
record SmtpReply(long code, String text) {

    /** Tells whether the code is at least {@code limit}, as qmail compares its unsigned code. */
    boolean atLeast(long limit) {
        return Long.compareUnsigned(code, limit) >= 0;
    }

    boolean is(long expected) {
        return code == expected;
    }

    /** The EHLO keywords of a 250 reply: the first word of each line after the first, upper case. */
    List<String> ehloKeywords() {
        List<String> keywords = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() > 4) {
                String rest = line.substring(4).trim();
                int space = rest.indexOf(' ');
                keywords.add((space < 0 ? rest : rest.substring(0, space)).toUpperCase(Locale.ROOT));
            }
        }
        return keywords;
    }
}

package org.tessera.pop3.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One command line as qmail's {@code commands()} cuts it: a CR before the LF is dropped, the line
 * ends at its first NUL (qmail works on C strings), the verb is everything before the first space,
 * the argument the rest with its leading spaces removed (trailing ones kept).
 *
 * @param verb the verb in lower case
 * @param argument the argument as sent, in ISO-8859-1 so that every byte survives
 */
record Command(String verb, String argument) {

    /** Parses a line without its LF. */
    static Command parse(byte[] line, int length) {
        int end = length;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        for (int i = 0; i < end; i++) {
            if (line[i] == 0) {
                end = i;
                break;
            }
        }
        String text = new String(line, 0, end, StandardCharsets.ISO_8859_1);
        int space = text.indexOf(' ');
        if (space < 0) {
            return new Command(text.toLowerCase(Locale.ROOT), "");
        }
        int start = space;
        while (start < text.length() && text.charAt(start) == ' ') {
            start++;
        }
        return new Command(text.substring(0, space).toLowerCase(Locale.ROOT), text.substring(start));
    }
}

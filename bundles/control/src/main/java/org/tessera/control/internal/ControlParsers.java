package org.tessera.control.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * qmail's three control file readers (control.c) applied to the bytes of a file.
 *
 * <p>Bytes become chars one to one (ISO-8859-1), as qmail treats them: nothing is decoded, and text
 * written back in the same charset is byte for byte what the file held.
 */
final class ControlParsers {

    private ControlParsers() {
    }

    /** The <em>line</em> reader: the first line without trailing blanks, tabs and newlines; {@code '\r'} stays. */
    static String line(byte[] content) {
        int end = 0;
        while (end < content.length && content[end] != '\n') {
            end++;
        }
        return new String(content, 0, stripTrailing(content, 0, end), StandardCharsets.ISO_8859_1);
    }

    /** The <em>int</em> reader: the unsigned decimal prefix of the first line, empty when it starts with no digit. */
    static OptionalLong number(byte[] content) {
        String line = line(content);
        if (line.isEmpty() || !isDigit(line.charAt(0))) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < line.length() && isDigit(line.charAt(i)); i++) {
            int digit = line.charAt(i) - '0';
            // qmail's scan_ulong wraps around silently; saturating keeps a huge limit huge.
            value = value > (Long.MAX_VALUE - digit) / 10 ? Long.MAX_VALUE : value * 10 + digit;
        }
        return OptionalLong.of(value);
    }

    /** The <em>list</em> reader: every line stripped, skipping the empty ones and those whose first byte is {@code '#'}. */
    static List<String> list(byte[] content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int length = stripTrailing(content, start, end) - start;
            if (length > 0 && content[start] != '#') {
                lines.add(new String(content, start, length, StandardCharsets.ISO_8859_1));
            }
            start = end + 1;
        }
        return List.copyOf(lines);
    }

    /** Folds ASCII A–Z to lower case and leaves every other char alone, as qmail's case_lowerb does. */
    static String lower(String text) {
        char[] chars = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (chars == null) {
                    chars = text.toCharArray();
                }
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return chars == null ? text : new String(chars);
    }

    private static int stripTrailing(byte[] content, int start, int end) {
        while (end > start && (content[end - 1] == ' ' || content[end - 1] == '\t' || content[end - 1] == '\n')) {
            end--;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

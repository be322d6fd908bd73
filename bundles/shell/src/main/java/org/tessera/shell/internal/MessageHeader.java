package org.tessera.shell.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The header of a stored message, read up to the first empty line and never further than a
 * bound, so that {@code queue-show} cannot print (or hold) a body.
 *
 * @param lines the header lines as text safe for a terminal: UTF-8 decoded, control
 *        characters other than tab replaced by {@code _}
 * @param truncated whether the bound was reached before the end of the header
 */
record MessageHeader(List<String> lines, boolean truncated) {

    /** The largest header {@code queue-show} reads. */
    static final int DEFAULT_LIMIT = 64 * 1024;

    MessageHeader {
        lines = List.copyOf(lines);
    }

    /**
     * Reads the header from the start of a message with LF (or CRLF) line ends.
     *
     * @param in the message, positioned at its first byte; read byte by byte, so wrap it in a buffer
     * @param limit the most bytes taken from {@code in}
     */
    static MessageHeader read(InputStream in, int limit) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        int taken = 0;
        while (taken < limit) {
            int b = in.read();
            if (b < 0) {
                if (line.size() > 0) {
                    lines.add(text(line)); // a header without an ending newline: the message is all header
                }
                return new MessageHeader(lines, false);
            }
            taken++;
            if (b != '\n') {
                line.write(b);
                continue;
            }
            if (line.size() == 0 || (line.size() == 1 && line.toByteArray()[0] == '\r')) {
                return new MessageHeader(lines, false); // the empty line: the body follows, unread
            }
            lines.add(text(line));
            line.reset();
        }
        if (line.size() > 0) {
            lines.add(text(line));
        }
        return new MessageHeader(lines, true);
    }

    private static String text(ByteArrayOutputStream bytes) {
        String decoded = bytes.toString(StandardCharsets.UTF_8);
        if (decoded.endsWith("\r")) {
            decoded = decoded.substring(0, decoded.length() - 1);
        }
        StringBuilder safe = new StringBuilder(decoded.length());
        decoded.codePoints().forEach(c ->
                safe.appendCodePoint(c == '\t' || !Character.isISOControl(c) ? c : '_'));
        return safe.toString();
    }
}

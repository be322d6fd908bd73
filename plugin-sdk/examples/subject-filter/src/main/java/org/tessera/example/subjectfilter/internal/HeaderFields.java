package org.tessera.example.subjectfilter.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header part of a message, up to its first empty line and never past a byte limit,
 * and collects the unfolded values of one field.
 *
 * <p>Lines end in LF (a CR before it is dropped). A line starting with a space or tab continues
 * the field above it; unfolding removes only the line break (RFC 5322 §2.2.3), so the blank stays.
 * The field name is compared ASCII case-insensitively, blanks before the colon allowed (RFC 5322's
 * obsolete syntax, still sent). A value is decoded as UTF-8 with the blanks around it removed.
 */
final class HeaderFields {

    private static final int CHUNK = 8192;

    private final byte[] name;
    private final List<String> values = new ArrayList<>();
    /** The value being unfolded while the current field is the wanted one, else null. */
    private StringBuilder current;

    private HeaderFields(String name) {
        this.name = name.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Returns the values of every field of a name, in header order.
     *
     * @param in the message, positioned at its first byte; read no further than the empty line
     *        after the header (give or take one read's worth) and never more than {@code limit} bytes
     * @param name the field name in lower case ASCII, for example {@code subject}
     * @param limit the most bytes to read; when reached, the fields whose lines were read whole count
     * @return the values, empty when there is no such field
     * @throws IOException when the stream fails
     */
    static List<String> values(InputStream in, String name, int limit) throws IOException {
        HeaderFields fields = new HeaderFields(name);
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[Math.min(CHUNK, limit)];
        int total = 0;
        while (total < limit) {
            // Never ask for more than the limit leaves, so the body beyond it is not even read.
            int n = in.read(buffer, 0, Math.min(buffer.length, limit - total));
            if (n < 0) {
                // The message ended inside its header (no body): its last line is whole.
                fields.line(line.toByteArray());
                return fields.finish();
            }
            total += n;
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    start = i + 1;
                    if (!fields.line(line.toByteArray())) {
                        return fields.finish();
                    }
                    line.reset();
                }
            }
            line.write(buffer, start, n - start);
        }
        // Limit reached: the line cut in two is not judged, as its end is unknown.
        return fields.finish();
    }

    /**
     * Takes one line of the header.
     *
     * @param line the line without its LF
     * @return false when the line is empty, which ends the header
     */
    private boolean line(byte[] line) {
        int length = line.length;
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (length == 0) {
            return false;
        }
        if (line[0] == ' ' || line[0] == '\t') {
            if (current != null) {
                current.append(new String(line, 0, length, StandardCharsets.UTF_8));
            }
            return true;
        }
        endField();
        int colon = indexOf(line, length, (byte) ':');
        if (colon > 0 && isName(line, colon)) {
            current = new StringBuilder(new String(line, colon + 1, length - colon - 1, StandardCharsets.UTF_8));
        }
        return true;
    }

    private List<String> finish() {
        endField();
        return values;
    }

    private void endField() {
        if (current != null) {
            values.add(current.toString().strip());
            current = null;
        }
    }

    /** Whether the bytes before the colon, blanks at their end ignored, are the wanted name in any case. */
    private boolean isName(byte[] line, int colon) {
        int end = colon;
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) {
            end--;
        }
        if (end != name.length) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            byte b = line[i];
            // ASCII only: Unicode case folding would let "ſubject" (long s) pass for "subject".
            int lower = b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b;
            if (lower != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] line, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

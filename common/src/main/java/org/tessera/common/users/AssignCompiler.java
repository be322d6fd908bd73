package org.tessera.common.users;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tessera.api.control.CdbRecord;

/**
 * qmail-newu's compiler: the lines of {@code users/assign} into the records of {@code users/cdb}
 * (qmail-users(5), qmail-newu(8)), byte for byte as qmail-newu.c writes them. A simple line {@code =local:...}
 * gives the key {@code !local\0}, a wildcard line {@code +loc:...} the key {@code !loc}, both
 * lower-cased (ASCII only, as {@code case_lowerb}); the value is the six fields with each
 * terminating {@code :} but the last turned into NUL ({@code user\0uid\0gid\0home\0dash\0ext}).
 * A last record with the empty key holds the set of last characters of the wildcard locs.
 */
public final class AssignCompiler {

    /** More than any real assign file; beyond it the file is refused rather than read into memory. */
    public static final int MAX_BYTES = 64 << 20;

    private static final int FIELDS = 6;

    private AssignCompiler() {
    }

    /**
     * Reads the whole file and returns its records in file order, the wildcard-character record last.
     *
     * @throws AssignFormatException for a line without {@code :}, starting with {@code :}, holding NUL, with
     *         fewer than six further fields, a blank line, or an end of file before the line starting with {@code .}
     */
    public static List<CdbRecord> compile(InputStream in) throws IOException, AssignFormatException {
        byte[] text = in.readNBytes(MAX_BYTES + 1);
        if (text.length > MAX_BYTES) {
            throw new AssignFormatException("users/assign is larger than " + MAX_BYTES + " bytes");
        }
        List<CdbRecord> records = new ArrayList<>();
        ByteArrayOutputStream wildChars = new ByteArrayOutputStream();
        int start = 0;
        while (true) {
            int newline = indexOf(text, (byte) '\n', start, text.length);
            int end = newline < 0 ? text.length : newline + 1;
            if (end > start && text[start] == '.') {
                break;
            }
            if (newline < 0) {
                throw new AssignFormatException("users/assign does not end with a line starting with '.'");
            }
            records.add(record(text, start, end, wildChars));
            start = end;
        }
        records.add(new CdbRecord(new byte[0], wildChars.toByteArray()));
        return records;
    }

    /** One line, {@code [start, end)} including its LF. */
    private static CdbRecord record(byte[] text, int start, int end, ByteArrayOutputStream wildChars)
            throws AssignFormatException {
        if (indexOf(text, (byte) 0, start, end) >= 0) {
            throw new AssignFormatException("NUL in users/assign");
        }
        int colon = indexOf(text, (byte) ':', start, end);
        if (colon < 0) {
            throw new AssignFormatException("line without ':' in users/assign");
        }
        if (colon == start) {
            throw new AssignFormatException("line starting with ':' in users/assign");
        }
        // The first character is the kind: '+' wildcard, anything else simple.
        boolean wildcard = text[start] == '+';
        byte[] name = Arrays.copyOfRange(text, start + 1, colon);
        byte[] key = new byte[1 + name.length + (wildcard ? 0 : 1)];
        key[0] = '!';
        System.arraycopy(name, 0, key, 1, name.length);
        lowerAscii(key);
        if (wildcard && name.length > 0) {
            // qmail-newu keeps the character as written, not lower-cased.
            byte last = name[name.length - 1];
            if (indexOf(wildChars.toByteArray(), last, 0, wildChars.size()) < 0) {
                wildChars.write(last);
            }
        }
        byte[] data = Arrays.copyOfRange(text, colon + 1, end);
        int colons = 0;
        int i = 0;
        for (; i < data.length; i++) {
            if (data[i] == ':') {
                data[i] = 0;
                if (++colons == FIELDS) {
                    break;
                }
            }
        }
        if (colons < FIELDS) {
            throw new AssignFormatException("line with fewer than " + FIELDS + " fields after the address in users/assign");
        }
        return new CdbRecord(key, Arrays.copyOf(data, i));
    }

    public static void lowerAscii(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] >= 'A' && bytes[i] <= 'Z') {
                bytes[i] += 'a' - 'A';
            }
        }
    }

    private static int indexOf(byte[] bytes, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

package org.tessera.common.tcprules;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.tessera.api.control.CdbRecord;

/**
 * Compiles tcprules text into the records of its cdb exactly as ucspi-tcp 0.88's tcprules does
 * (tcprules(1)), byte for byte and in the same order, so the two tools' files are identical.
 *
 * <p>A record's value is tcprules' own: {@code D\0} for deny, then one {@code +NAME=value\0} per
 * assignment (nothing at all for a bare {@code allow}). Every record of a file is kept, duplicates
 * included: a cdb lookup finds the first, which is how the first duplicate wins.
 */
public final class TcpRulesParser {

    /** The most text read from one rules file; far above any real one (a /16 by single addresses is ~1.5 MiB). */
    public static final int MAX_INPUT_BYTES = 16 * 1024 * 1024;

    /** The most key and value bytes the records may add up to: ranges multiply a line by up to 256. */
    public static final long MAX_RECORD_BYTES = 64L * 1024 * 1024;

    /** The most records, each costing memory beyond its bytes until the cdb is written; a /12 address by address. */
    public static final int MAX_RECORDS = 1024 * 1024;

    private static final byte[] DENY = "deny".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ALLOW = "allow".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DENY_VALUE = {'D', 0};
    private static final int LARGEST_RANGE_BOUND = 255;

    private final List<CdbRecord> records = new ArrayList<>();
    private long recordBytes;

    private TcpRulesParser() {
    }

    /**
     * Reads rules text to its end and compiles it.
     *
     * @return the cdb records in tcprules' order
     * @throws TcpRulesSyntaxException at the first line tcprules would refuse
     * @throws IOException when the input cannot be read, or it or its records exceed the limits above
     */
    public static List<CdbRecord> parse(InputStream in) throws IOException, TcpRulesSyntaxException {
        byte[] text = in.readNBytes(MAX_INPUT_BYTES + 1);
        if (text.length > MAX_INPUT_BYTES) {
            throw new IOException("rules text is longer than " + MAX_INPUT_BYTES + " bytes");
        }
        return parse(text);
    }

    /** Compiles rules text held whole. */
    public static List<CdbRecord> parse(byte[] text) throws IOException, TcpRulesSyntaxException {
        TcpRulesParser parser = new TcpRulesParser();
        int start = 0;
        while (start < text.length) {
            int newline = indexOf(text, start, text.length, (byte) '\n');
            int end = newline < 0 ? text.length : newline;
            parser.line(text, start, end);
            start = end + 1;
        }
        return parser.records;
    }

    private void line(byte[] text, int start, int end) throws IOException, TcpRulesSyntaxException {
        if (start == end || text[start] == '#') {
            return;
        }
        while (end > start && (text[end - 1] == ' ' || text[end - 1] == '\t')) {
            end--;
        }
        int colon = indexOf(text, start, end, (byte) ':');
        if (colon < 0) {
            return; // tcprules skips a line without a colon without a word
        }
        byte[] line = Arrays.copyOfRange(text, start, end);
        byte[] value = instructions(line, colon - start + 1);
        address(line, Arrays.copyOfRange(text, start, colon), value);
    }

    /** {@code allow|deny} and the {@code ,NAME=<q>value<q>} assignments after it, as the record's value. */
    private static byte[] instructions(byte[] line, int from) throws TcpRulesSyntaxException {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        int at;
        if (startsWith(line, from, DENY)) {
            value.writeBytes(DENY_VALUE);
            at = from + DENY.length;
        } else if (startsWith(line, from, ALLOW)) {
            at = from + ALLOW.length;
        } else {
            throw new TcpRulesSyntaxException(line);
        }
        while (at < line.length) {
            if (line[at] != ',') {
                throw new TcpRulesSyntaxException(line);
            }
            int equals = indexOf(line, at, line.length, (byte) '=');
            if (equals < 0 || equals + 1 == line.length) {
                throw new TcpRulesSyntaxException(line);
            }
            byte quote = line[equals + 1];
            int closing = indexOf(line, equals + 2, line.length, quote);
            if (closing < 0) {
                throw new TcpRulesSyntaxException(line);
            }
            value.write('+');
            value.write(line, at + 1, equals - at); // NAME=
            value.write(line, equals + 2, closing - (equals + 2));
            value.write(0);
            at = closing + 1;
        }
        return value.toByteArray();
    }

    /** Adds the records of one address: itself, or each address of a range such as {@code 1.2.3.37-53} or {@code 10.2-3.}. */
    private void address(byte[] line, byte[] address, byte[] value) throws IOException, TcpRulesSyntaxException {
        int dash = indexOf(address, 0, address.length, (byte) '-');
        if (dash < 0 || indexOf(address, 0, address.length, (byte) '=') >= 0
                || indexOf(address, 0, address.length, (byte) '@') >= 0) {
            add(address, value);
            return;
        }
        int left = lastIndexOf(address, dash, (byte) '.') + 1;
        int dot = indexOf(address, dash + 1, address.length, (byte) '.');
        int right = dot < 0 ? address.length : dot;
        long bottom = number(line, address, left, dash);
        long top = number(line, address, dash + 1, right);
        if (Long.compareUnsigned(top, LARGEST_RANGE_BOUND) > 0) {
            top = LARGEST_RANGE_BOUND;
        }
        for (long n = bottom; Long.compareUnsigned(n, top) <= 0; n++) {
            byte[] digits = Long.toUnsignedString(n).getBytes(StandardCharsets.US_ASCII);
            byte[] key = new byte[left + digits.length + address.length - right];
            System.arraycopy(address, 0, key, 0, left);
            System.arraycopy(digits, 0, key, left, digits.length);
            System.arraycopy(address, right, key, left + digits.length, address.length - right);
            add(key, value);
        }
    }

    /**
     * A range bound as tcprules' scan_ulong reads it: decimal digits only, nothing else, the empty
     * string being 0, wrapping modulo 2^64 like C's unsigned long.
     */
    private static long number(byte[] line, byte[] address, int from, int to) throws TcpRulesSyntaxException {
        long result = 0;
        for (int i = from; i < to; i++) {
            int digit = address[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new TcpRulesSyntaxException(line);
            }
            result = result * 10 + digit;
        }
        return result;
    }

    private void add(byte[] key, byte[] value) throws IOException {
        recordBytes += key.length + value.length;
        if (recordBytes > MAX_RECORD_BYTES) {
            throw new IOException("the rules would make a cdb of more than " + MAX_RECORD_BYTES + " bytes");
        }
        if (records.size() == MAX_RECORDS) {
            throw new IOException("the rules would make a cdb of more than " + MAX_RECORDS + " keys");
        }
        records.add(new CdbRecord(key, value)); // a range's records share one value array
    }

    private static boolean startsWith(byte[] bytes, int from, byte[] prefix) {
        return bytes.length - from >= prefix.length
                && Arrays.equals(bytes, from, from + prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] bytes, int before, byte wanted) {
        for (int i = before - 1; i >= 0; i--) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

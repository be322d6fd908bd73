package org.tessera.access.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.tessera.api.policy.ConnectionDecision;

/** Reads a tcprules record value as tcpserver does: NUL-terminated entries, {@code D} to deny, {@code +NAME=value} to set. */
final class RuleValue {

    private RuleValue() {
    }

    /** The decision a found record stands for; later assignments of a name replace earlier ones. */
    static ConnectionDecision decision(byte[] value) {
        boolean deny = false;
        Map<String, String> environment = new LinkedHashMap<>();
        int start = 0;
        int end;
        // As tcpserver: only entries with their terminating NUL count; trailing bytes without one are ignored.
        while ((end = indexOfNul(value, start)) >= 0) {
            if (end > start && value[start] == 'D') {
                deny = true;
            } else if (end > start && value[start] == '+') {
                int equals = indexOf(value, start + 1, end, (byte) '=');
                // An empty name (tcprules accepts ",=x") names no variable a program could read.
                if (equals > start + 1) {
                    environment.put(text(value, start + 1, equals), text(value, equals + 1, end));
                }
            }
            start = end + 1;
        }
        return deny ? ConnectionDecision.DENY : ConnectionDecision.allow(environment);
    }

    /** Rules files are written by the operator's editor; UTF-8 reads ASCII unchanged and keeps non-ASCII text. */
    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private static int indexOfNul(byte[] bytes, int from) {
        return indexOf(bytes, from, bytes.length, (byte) 0);
    }

    private static int indexOf(byte[] bytes, int from, int to, byte wanted) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}

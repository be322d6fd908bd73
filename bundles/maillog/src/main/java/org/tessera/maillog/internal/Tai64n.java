package org.tessera.maillog.internal;

import java.time.Instant;

/**
 * TAI64N labels exactly as daemontools' multilog writes them ({@code @} and 24 lowercase hex digits).
 *
 * <p>The seconds part is libtai's {@code tai_unix}: 2<sup>62</sup> + 10 + Unix seconds
 * ({@code 4611686018427387914ULL + u}, daemontools {@code tai.h}); 10 is the TAI−UTC offset of 1970
 * that libtai assumes, leap seconds since are not counted (so {@code tai64nlocal} inverts it exactly).
 * The nanosecond part is {@code taia_now}'s {@code 1000 * tv_usec + 500}: microseconds, centred.
 */
final class Tai64n {

    /** 2^62 + 10: the TAI64 label of 1970-01-01 00:00:00 UTC in libtai's reckoning. */
    static final long UNIX_EPOCH_LABEL = 4611686018427387914L;

    /** Length of a label: {@code @}, 16 hex digits of seconds, 8 of nanoseconds. */
    static final int LENGTH = 25;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Tai64n() {
    }

    /** The label multilog would write at {@code instant} (its nanoseconds cut to microseconds + 500). */
    static String label(Instant instant) {
        long seconds = UNIX_EPOCH_LABEL + instant.getEpochSecond();
        long nanos = (instant.getNano() / 1000) * 1000L + 500;
        char[] out = new char[LENGTH];
        out[0] = '@';
        hex(out, 1, seconds, 16);
        hex(out, 17, nanos, 8);
        return new String(out);
    }

    /** The instant a label stands for; {@link IllegalArgumentException} when it is not a label. */
    static Instant parse(String label) {
        if (label.length() != LENGTH || label.charAt(0) != '@') {
            throw new IllegalArgumentException("not a TAI64N label: " + label);
        }
        for (int i = 1; i < LENGTH; i++) {
            char c = label.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw new IllegalArgumentException("not a TAI64N label: " + label);
            }
        }
        long seconds = Long.parseUnsignedLong(label.substring(1, 17), 16);
        long nanos = Long.parseLong(label.substring(17), 16);
        return Instant.ofEpochSecond(seconds - UNIX_EPOCH_LABEL, nanos);
    }

    private static void hex(char[] out, int at, long value, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
    }
}

package org.tessera.qmtp.internal;

import java.util.function.Consumer;

/**
 * The decimal length before a netstring's colon, read a byte at a time as qmail's
 * {@code getlen()} reads it, with notqmail's refusal of anything but digits. Like qmail, it gives
 * up on a length that already exceeds 200000000 when a further digit comes.
 */
final class NetstringLength {

    /** qmail-qmtpd's and qmail-qmqpd's bound: a longer length ends the session (exit 111). */
    static final long LIMIT = 200_000_000L;

    enum Step { MORE, DONE, NOT_A_DIGIT, TOO_LONG }

    private long value;

    Step feed(byte b) {
        if (b == ':') {
            return Step.DONE;
        }
        if (b < '0' || b > '9') {
            return Step.NOT_A_DIGIT;
        }
        if (value > LIMIT) {
            return Step.TOO_LONG;
        }
        value = 10 * value + (b - '0');
        return Step.MORE;
    }

    /**
     * Feeds one byte and gives the length once its colon came; null while more digits are to
     * come, or when the input failed, which {@code failure} is then told (a protocol error or a
     * length over the limit).
     */
    Long next(byte b, Consumer<ReadStatus> failure) {
        switch (feed(b)) {
            case DONE -> {
                return take();
            }
            case NOT_A_DIGIT -> failure.accept(ReadStatus.BAD_PROTOCOL);
            case TOO_LONG -> failure.accept(ReadStatus.TOO_LONG);
            case MORE -> {
                // another digit
            }
        }
        return null;
    }

    /** The length read, once {@link #feed} said {@link Step#DONE}; the reader is then ready for the next one. */
    long take() {
        long length = value;
        value = 0;
        return length;
    }
}

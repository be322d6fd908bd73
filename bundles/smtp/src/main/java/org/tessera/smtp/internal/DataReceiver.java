package org.tessera.smtp.internal;

/**
 * qmail-smtpd's {@code blast()}, byte by byte and resumable across chunks: CR LF
 * becomes LF, a leading dot is removed, CR LF {@code .} CR LF ends the message, a LF without CR
 * is refused; within the header, lines starting with {@code received} or {@code delivered} are
 * counted as hops. Written by hand rather than with a line decoder because qmail's exact rule
 * (including its odd {@code CR LF . CR x} case) is a five-state machine ({@link State}) over single bytes.
 */
final class DataReceiver {

    /** What one chunk did to the message. */
    enum Progress {
        /** More is needed. */
        MORE,
        /** The terminating dot line was read; {@link #consumed()} says where it ended. */
        END,
        /** A LF without CR: the session must answer 451 and close. */
        BARE_LF
    }

    private static final byte[] RECEIVED = "received".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DELIVERED = "delivered".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** Where the bytes read so far leave qmail's state machine. */
    private enum State {
        /** Inside a line. */
        IN_LINE,
        /** Just after CR LF, or at the start. */
        LINE_START,
        /** CR LF {@code .} */
        DOT,
        /** CR LF {@code .} CR */
        DOT_CR,
        /** After a CR elsewhere. */
        AFTER_CR
    }

    private State state = State.LINE_START;
    private boolean inHeader = true;
    private int position;
    private boolean maybeReceived = true;
    private boolean maybeDelivered = true;
    private boolean maybeEmpty = true;
    private int hops;
    private int consumed;
    private int written;

    /** Hop lines counted in the header so far. */
    int hops() {
        return hops;
    }

    /** After {@link Progress#END}: the index in the last chunk just after the terminating LF. */
    int consumed() {
        return consumed;
    }

    /** After {@link #feed}: how many bytes it wrote to {@code out}. */
    int written() {
        return written;
    }

    /**
     * Feeds {@code chunk[from]} to {@code chunk[to - 1]}; the message's bytes (qmail's stored
     * form) go to {@code out} from index 0, which needs room for {@code to - from + 2} bytes
     * (a held-back {@code .} CR may come out with the byte after it).
     *
     * @return whether the message ended, needs more, or must be refused
     */
    Progress feed(byte[] chunk, int from, int to, byte[] out) {
        int w = 0;
        try {
            for (int i = from; i < to; i++) {
                if (state == State.IN_LINE && !inHeader) {
                    // Inside a body line every byte but CR and LF is stored as it came: copy the run.
                    int end = i;
                    while (end < to && chunk[end] != '\r' && chunk[end] != '\n') {
                        end++;
                    }
                    System.arraycopy(chunk, i, out, w, end - i);
                    w += end - i;
                    i = end;
                    if (i == to) {
                        break;
                    }
                }
                byte ch = chunk[i];
                if (inHeader) {
                    countHops(ch);
                }
                switch (state) {
                    case IN_LINE -> {
                        if (ch == '\n') {
                            return Progress.BARE_LF;
                        }
                        if (ch == '\r') {
                            state = State.AFTER_CR;
                            continue;
                        }
                    }
                    case LINE_START -> {
                        if (ch == '\n') {
                            return Progress.BARE_LF;
                        }
                        if (ch == '.') {
                            state = State.DOT;
                            continue;
                        }
                        if (ch == '\r') {
                            state = State.AFTER_CR;
                            continue;
                        }
                        state = State.IN_LINE;
                    }
                    case DOT -> {
                        if (ch == '\n') {
                            return Progress.BARE_LF;
                        }
                        if (ch == '\r') {
                            state = State.DOT_CR;
                            continue;
                        }
                        state = State.IN_LINE;
                    }
                    case DOT_CR -> {
                        if (ch == '\n') {
                            consumed = i + 1;
                            return Progress.END;
                        }
                        out[w++] = '.';
                        out[w++] = '\r';
                        if (ch == '\r') {
                            state = State.AFTER_CR;
                            continue;
                        }
                        state = State.IN_LINE;
                    }
                    case AFTER_CR -> {
                        if (ch == '\n') {
                            state = State.LINE_START;
                        } else if (ch != '\r') {
                            out[w++] = '\r';
                            state = State.IN_LINE;
                        }
                    }
                }
                out[w++] = ch;
            }
            return Progress.MORE;
        } finally {
            written = w;
        }
    }

    // netqmail's hop counting, on the bytes as they come (before the dot and CR rules).
    private void countHops(byte ch) {
        if (position < 9) {
            byte lower = (byte) Character.toLowerCase(ch);
            if (lower != DELIVERED[position]) {
                maybeDelivered = false;
            }
            if (maybeDelivered && position == 8) {
                hops++;
            }
            if (position < 8) {
                if (lower != RECEIVED[position]) {
                    maybeReceived = false;
                }
                if (maybeReceived && position == 7) {
                    hops++;
                }
            }
            if (position < 2 && ch != "\r\n".charAt(position)) {
                maybeEmpty = false;
            }
            if (maybeEmpty && position == 1) {
                inHeader = false;
            }
            position++;
        }
        if (ch == '\n') {
            position = 0;
            maybeReceived = true;
            maybeDelivered = true;
            maybeEmpty = true;
        }
    }
}

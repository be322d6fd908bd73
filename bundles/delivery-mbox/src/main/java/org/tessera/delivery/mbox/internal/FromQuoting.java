package org.tessera.delivery.mbox.internal;

import java.nio.charset.StandardCharsets;

/**
 * The message as an mbox holds it, streamed: a line matching {@code ^>*From } gets one more {@code >},
 * and the message ends with an empty line, after an added LF if its last line has none (qmail-local's
 * {@code gfrom} and its loop over {@code getln}). No line is ever held whole.
 */
final class FromQuoting {

    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);
    private static final byte QUOTE = '>';
    private static final byte LF = '\n';

    private final MboxOutput out;
    // At the start of a line, the '>' and the part of "From " seen but not yet written: until the
    // line either completes "From " (quote it) or departs from it (write them as they were).
    private boolean lineStart = true;
    private long quotes;
    private int matched;
    private boolean lastLineEnded = true;

    FromQuoting(MboxOutput out) {
        this.out = out;
    }

    void write(byte[] bytes, int offset, int length) throws ErrnoException {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (lineStart) {
                byte b = bytes[i];
                if (matched == 0 && b == QUOTE) {
                    quotes++;
                    i++;
                    continue;
                }
                if (b == FROM[matched]) {
                    i++;
                    if (++matched == FROM.length) {
                        out.repeat(QUOTE, quotes + 1);
                        out.put(FROM);
                        endPrefix();
                    }
                    continue;
                }
                writePending();
                endPrefix();
            }
            int lf = indexOfLf(bytes, i, end);
            int stop = lf < 0 ? end : lf + 1;
            out.put(bytes, i, stop - i);
            i = stop;
            lineStart = lf >= 0;
        }
        if (length > 0) {
            lastLineEnded = bytes[end - 1] == LF;
        }
    }

    /** Writes what a last line left pending, its missing LF, and the empty line that ends the message. */
    void finish() throws ErrnoException {
        if (lineStart) {
            writePending();
        }
        if (!lastLineEnded) {
            out.put(LF);
        }
        out.put(LF);
    }

    private void writePending() throws ErrnoException {
        out.repeat(QUOTE, quotes);
        out.put(FROM, 0, matched);
    }

    private void endPrefix() {
        lineStart = false;
        quotes = 0;
        matched = 0;
    }

    private static int indexOfLf(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == LF) {
                return i;
            }
        }
        return -1;
    }
}

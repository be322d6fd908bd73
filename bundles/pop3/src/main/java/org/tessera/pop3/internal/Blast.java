package org.tessera.pop3.internal;

/**
 * qmail-pop3d's {@code blast} over a message's bytes, piece by piece: each line ends in CRLF (a final
 * partial line gets one), a line starting with {@code .} gets another, and an empty line and
 * {@code .} end the answer. For TOP, only the header, the empty line and the first {@code bodyLines}
 * body lines go out. The state between pieces is kept here.
 *
 * <p>Unlike qmail-pop3d, which ends lines at LF only and passes a CR on as it is, a bare CR and a CR LF
 * on disk each end a line too (one CRLF out): a client that takes a bare CR for a line end would
 * otherwise read {@code x CR . CR} inside a message as the end of the answer, and what follows as the
 * server's next replies; and a Maildir file written with CRLF goes out as CRLF, not CR CR LF.
 */
final class Blast {

    private static final byte[] END = {'\r', '\n', '.', '\r', '\n'};

    // qmail's limit: 0 sends everything; else the body line that would make it 0 is not sent.
    private long limit;
    private boolean atLineStart = true;
    private boolean inHeader = true;
    private boolean finished;
    private int consumed;
    // The last line ended in a CR: an LF right after it (maybe in the next piece) belongs to that end.
    private boolean afterCr;

    /** @param bodyLines for TOP the number of body lines, or -1 for the whole message */
    Blast(long bodyLines) {
        this.limit = bodyLines < 0 ? 0 : bodyLines + 1;
    }

    /** Room {@link #piece} and {@link #end} may need for {@code length} bytes of input. */
    static int room(int length) {
        return 2 * length + END.length + 2;
    }

    /** Whether the answer is complete (the end was written). */
    boolean finished() {
        return finished;
    }

    /** How many input bytes the last {@link #piece} took: all of them, unless TOP's limit was reached. */
    int consumed() {
        return consumed;
    }

    /**
     * Writes the answer for {@code in[from, to)} into {@code out} from {@code at}; reaching TOP's limit
     * writes the end and stops there.
     *
     * @return where the output now ends
     */
    int piece(byte[] in, int from, int to, byte[] out, int at) {
        int i = from;
        int o = at;
        while (i < to) {
            if (afterCr) {
                afterCr = false;
                if (in[i] == '\n') {
                    i++;
                    continue;
                }
            }
            if (atLineStart) {
                if (limit > 0 && !inHeader && --limit == 0) {
                    consumed = i - from;
                    return end(out, o);
                }
                atLineStart = false;
                if (in[i] == '\n' || in[i] == '\r') {
                    inHeader = false;
                } else if (in[i] == '.') {
                    out[o++] = '.';
                }
            }
            // The rest of the line at once: most bytes need no look but for the line's end.
            int end = i;
            while (end < to && in[end] != '\n' && in[end] != '\r') {
                end++;
            }
            System.arraycopy(in, i, out, o, end - i);
            o += end - i;
            i = end;
            if (end < to) {
                out[o++] = '\r';
                out[o++] = '\n';
                afterCr = in[end] == '\r';
                i++;
                atLineStart = true;
            }
        }
        consumed = to - from;
        return o;
    }

    /** The input is over: completes a partial last line and writes the end. */
    int endOfInput(byte[] out, int at) {
        int o = at;
        if (!atLineStart) {
            out[o++] = '\r';
            out[o++] = '\n';
        }
        return end(out, o);
    }

    private int end(byte[] out, int at) {
        System.arraycopy(END, 0, out, at, END.length);
        finished = true;
        return at + END.length;
    }
}

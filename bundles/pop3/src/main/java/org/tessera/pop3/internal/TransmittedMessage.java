package org.tessera.pop3.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message file as qmail-pop3d's {@code blast} sends it, made while the socket drains: each line
 * ends in CRLF (a final partial line gets one), a line starting with {@code .} gets another, and an
 * empty line and {@code .} end it. For TOP, only the header, the empty line and the first
 * {@code bodyLines} body lines go out. The file is read 8 KiB at a time and closed with this stream.
 */
final class TransmittedMessage extends InputStream {

    private static final byte[] END = {'\r', '\n', '.', '\r', '\n'};

    private final InputStream file;
    private final Runnable progress;
    private final byte[] in = new byte[8192];
    private final byte[] out = new byte[2 * 8192 + END.length + 2];
    private int inPos;
    private int inLen;
    private int outPos;
    private int outLen;
    // qmail's limit: 0 sends everything; else the body line that would make it 0 is not sent.
    private long limit;
    private boolean atLineStart = true;
    private boolean inHeader = true;
    private boolean finished;

    /**
     * @param file the message file, read from its start
     * @param bodyLines for TOP the number of body lines, or -1 for the whole message
     * @param progress told each time more of the file has been read (the session's idle clock)
     */
    TransmittedMessage(InputStream file, long bodyLines, Runnable progress) {
        this.file = file;
        this.limit = bodyLines < 0 ? 0 : bodyLines + 1;
        this.progress = progress;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (outPos == outLen) {
            if (finished) {
                return -1;
            }
            fill();
        }
        int n = Math.min(length, outLen - outPos);
        System.arraycopy(out, outPos, buffer, offset, n);
        outPos += n;
        return n;
    }

    @Override
    public int available() {
        return outLen - outPos;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        file.close();
    }

    // Each input byte makes at most two output bytes, so one input buffer always fits, with the end.
    private void fill() throws IOException {
        outPos = 0;
        outLen = 0;
        if (inPos == inLen) {
            inLen = file.read(in);
            inPos = 0;
            progress.run();
            if (inLen <= 0) {
                inLen = 0;
                if (!atLineStart) {
                    put((byte) '\r');
                    put((byte) '\n');
                }
                end();
                return;
            }
        }
        while (inPos < inLen) {
            byte c = in[inPos++];
            if (atLineStart) {
                if (limit > 0 && !inHeader && --limit == 0) {
                    end();
                    return;
                }
                atLineStart = false;
                if (c == '\n') {
                    inHeader = false;
                } else if (c == '.') {
                    put((byte) '.');
                }
            }
            if (c == '\n') {
                put((byte) '\r');
                put((byte) '\n');
                atLineStart = true;
            } else {
                put(c);
            }
        }
    }

    private void put(byte b) {
        out[outLen++] = b;
    }

    private void end() {
        System.arraycopy(END, 0, out, outLen, END.length);
        outLen += END.length;
        finished = true;
    }
}

package org.tessera.pop3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A message file as qmail-pop3d sends it ({@link Blast}), made while the socket drains: the file is
 * read 8 KiB at a time and closed with this stream. The reply line before the message comes first out
 * of the same stream, so that a message and its reply leave together.
 */
final class TransmittedMessage extends InputStream {

    private static final int PIECE = 8192;

    private final InputStream file;
    private final Runnable progress;
    private final Blast blast;
    private final byte[] in = new byte[PIECE];
    private final byte[] out;
    private int outPos;
    private int outLen;
    private boolean closed;

    /**
     * @param reply what goes first (the {@code +OK } line)
     * @param file the message file, read from its start
     * @param bodyLines for TOP the number of body lines, or -1 for the whole message
     * @param progress told each time more of the file has been read (the session's idle clock)
     */
    TransmittedMessage(byte[] reply, InputStream file, long bodyLines, Runnable progress) {
        this.file = file;
        this.progress = progress;
        this.blast = new Blast(bodyLines);
        this.out = new byte[reply.length + Blast.room(PIECE)];
        System.arraycopy(reply, 0, out, 0, reply.length);
        outLen = reply.length;
    }

    /** The whole answer for a message held in memory, {@code reply} first. */
    static byte[] whole(byte[] reply, byte[] message, long bodyLines) {
        Blast blast = new Blast(bodyLines);
        byte[] out = new byte[reply.length + Blast.room(message.length)];
        System.arraycopy(reply, 0, out, 0, reply.length);
        int end = blast.piece(message, 0, message.length, out, reply.length);
        if (!blast.finished()) {
            end = blast.endOfInput(out, end);
        }
        return Arrays.copyOf(out, end);
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
            if (blast.finished() || closed) {
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
        closed = true;
        file.close();
    }

    private void fill() throws IOException {
        int n = file.read(in);
        progress.run();
        outPos = 0;
        outLen = n < 0 ? blast.endOfInput(out, 0) : blast.piece(in, 0, n, out, 0);
    }
}

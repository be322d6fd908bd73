package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * Takes an injection's content from its stream: a message up to the inline limit stays in one
 * array and goes into the log with its M record; a bigger one is written to its own file
 * through a 64 KB buffer and synced there, so a message of any size costs the same heap.
 */
final class ContentWriter {

    /** The content stream failed: the injector's problem (exit 54), not the disk's (exit 53). */
    static final class ReadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause);
        }
    }

    /** Content taken: {@code inline} starts with its {@code size} bytes, or is null when it is in the message's file. */
    record Content(byte[] inline, long size) {
    }

    private static final int FIRST_BUFFER = 16 * 1024;
    private static final int SPILL_BUFFER = 64 * 1024;

    private ContentWriter() {
    }

    /** Reads the whole stream after {@code head} (the Received line) and closes it. */
    static Content take(byte[] head, InputStream content, int inlineLimit, Path bigFile) throws ReadFailure, IOException {
        try (InputStream in = content) {
            byte[] buffer = Arrays.copyOf(head, Math.max(head.length, Math.min(FIRST_BUFFER, inlineLimit)));
            int length = head.length;
            while (true) {
                if (length == buffer.length) {
                    if (buffer.length >= inlineLimit) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, Math.min(buffer.length * 2, inlineLimit));
                }
                int n = read(in, buffer, length, buffer.length - length);
                if (n < 0) {
                    return new Content(buffer, length);
                }
                length += n;
            }
            byte[] probe = new byte[SPILL_BUFFER];
            int n = read(in, probe, 0, probe.length);
            if (n < 0) {
                return new Content(buffer, length);
            }
            return new Content(null, spill(bigFile, buffer, length, probe, n, in));
        }
    }

    private static long spill(Path file, byte[] start, int startLength, byte[] chunk, int chunkLength, InputStream in)
            throws ReadFailure, IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = writeFully(out, ByteBuffer.wrap(start, 0, startLength));
            ByteBuffer wrapped = ByteBuffer.wrap(chunk);
            for (int n = chunkLength; n >= 0; n = read(in, chunk, 0, chunk.length)) {
                wrapped.clear().limit(n);
                size += writeFully(out, wrapped);
            }
            // fdatasync: the size and blocks are forced with the data; the mtime is not needed.
            out.force(false);
            return size;
        }
    }

    private static int read(InputStream in, byte[] buffer, int offset, int length) throws ReadFailure {
        try {
            return in.read(buffer, offset, length);
        } catch (IOException broken) {
            throw new ReadFailure(broken);
        }
    }

    private static long writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        long written = bytes.remaining();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
        return written;
    }
}

package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.tessera.api.queue.Origin;

/**
 * Writes one injection's two files, each synced before it returns (qmail-queue steps 4 and 5).
 * Content is copied through one small buffer, so a message of any size costs the same heap.
 */
final class MessageWriter {

    /** The content stream failed: the injector's problem (exit 54), not the disk's (exit 53). */
    static final class ReadFailure extends Exception {
        private static final long serialVersionUID = 1L;

        ReadFailure(IOException cause) {
            super(cause);
        }
    }

    private static final int BUFFER = 64 * 1024;

    private MessageWriter() {
    }

    /**
     * Writes the Received line and the whole stream to {@code file}, closes the stream, syncs.
     *
     * @return the bytes written
     */
    static long writeContent(Path file, long qp, Origin origin, Instant now, InputStream content)
            throws ReadFailure, IOException {
        try (InputStream in = content;
                FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = writeFully(out, ByteBuffer.wrap(
                    ReceivedLine.of(qp, origin, now).getBytes(StandardCharsets.US_ASCII)));
            byte[] buffer = new byte[BUFFER];
            ByteBuffer wrapped = ByteBuffer.wrap(buffer);
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (IOException broken) {
                    throw new ReadFailure(broken);
                }
                if (n < 0) {
                    break;
                }
                wrapped.clear().limit(n);
                size += writeFully(out, wrapped);
            }
            // fdatasync: the size and blocks are forced with the data; the mtime is not needed.
            out.force(false);
            return size;
        }
    }

    /** Writes the envelope file (not yet visible under its final name) and syncs it. */
    static void writeEnvelope(Path file, byte[] envelope) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            writeFully(out, ByteBuffer.wrap(envelope));
            out.force(false);
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

package org.tessera.tools.inject;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The fixed message while it waits to be queued: QMQP needs its length before its first byte, and a
 * pipe tells it only at its end. Held in memory up to a limit, where nearly every message a program
 * sends stays (no file to create, write and delete); past it, everything moves to a temporary file
 * and is streamed from there.
 */
public final class Spool extends OutputStream {

    static final int MEMORY_LIMIT = 1024 * 1024;
    static final int BUFFER_SIZE = 64 * 1024;

    private final Path directory;
    private final int memoryLimit;
    private final int bufferSize;
    private byte[] memory = new byte[8192];
    private long length;
    private Path file;
    private OutputStream fileOut;

    /**
     * @param directory where the temporary file goes when the message outgrows memory
     * @param memoryLimit the most bytes held in memory
     * @param bufferSize the write buffer of the temporary file
     */
    Spool(Path directory, int memoryLimit, int bufferSize) {
        this.directory = directory;
        this.memoryLimit = memoryLimit;
        this.bufferSize = bufferSize;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int count) throws IOException {
        if (fileOut == null && length + count > memoryLimit) {
            file = Files.createTempFile(directory, "qmail-inject", ".tmp");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), bufferSize);
            fileOut.write(memory, 0, (int) length);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(bytes, offset, count);
        } else {
            if (length + count > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(memoryLimit, Math.max(2L * memory.length, length + count)));
            }
            System.arraycopy(bytes, offset, memory, (int) length, count);
        }
        length += count;
    }

    /** A spool of the usual limits, whose file would go to the system's temporary directory. */
    public static Spool inTemporaryDirectory() {
        return new Spool(Path.of(System.getProperty("java.io.tmpdir")), MEMORY_LIMIT, BUFFER_SIZE);
    }

    /** Ends writing: from here on the message can be measured and read. */
    @Override
    public void flush() throws IOException {
        if (fileOut != null) {
            fileOut.flush();
        }
    }

    /** The message's length in bytes. */
    public long length() {
        return length;
    }

    /** The message from its first byte; the caller closes it. */
    public InputStream open() throws IOException {
        flush();
        return file == null ? new ByteArrayInputStream(memory, 0, (int) length) : Files.newInputStream(file);
    }

    /** The temporary file holding the message; null while it fits in memory. */
    Path file() {
        return file;
    }

    /** Deletes the temporary file, if there is one. */
    @Override
    public void close() {
        if (fileOut == null) {
            return;
        }
        try {
            fileOut.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // nothing more to do about a spool file that will not go; the message is queued or refused already
        }
        fileOut = null;
    }
}

package org.tessera.testkit;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.tessera.api.mail.MessageContent;

/**
 * A message as the queue hands it to a plugin: its bytes (LF line ends, as stored), readable any number
 * of times, optionally a file of its own, counting what the plugin read and the streams it left open so
 * that a test can hold a plugin to "read the header only" or "close every stream".
 */
public final class TestMessage implements MessageContent {

    private final byte[] bytes;
    private final Path file;
    private final int chunk;
    private long bytesRead;
    private int openStreams;

    private TestMessage(byte[] bytes, Path file, int chunk) {
        this.bytes = bytes;
        this.file = file;
        this.chunk = chunk;
    }

    /** A message of text, UTF-8, LF line ends; no file of its own. */
    public static TestMessage of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A message of these bytes; no file of its own, so a plugin must stream it. */
    public static TestMessage of(byte[] bytes) {
        return new TestMessage(bytes.clone(), null, Integer.MAX_VALUE);
    }

    /**
     * The message in {@code file}, which it also names as {@link #file()} (as the queue's messages do, so
     * a program can read it as its standard input without a copy).
     */
    public static TestMessage ofFile(Path file) throws IOException {
        return new TestMessage(Files.readAllBytes(file), file, Integer.MAX_VALUE);
    }

    /**
     * A message whose streams hand out at most {@code chunk} bytes a read, so that a plugin's own
     * buffering meets lines and markers cut anywhere.
     */
    public static TestMessage inChunks(byte[] bytes, int chunk) {
        return new TestMessage(bytes.clone(), null, chunk);
    }

    /**
     * A message that is the file {@code file} but claims {@code claimedSize} bytes, as a queue file cut
     * short or removed behind the queue's back: reading it yields fewer bytes than claimed, or fails.
     */
    public static MessageContent ofFile(Path file, long claimedSize) {
        return new MessageContent() {
            @Override
            public long size() {
                return claimedSize;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    /**
     * A message that claims {@code claimedSize} bytes but whose streams fail after {@code good} ones, as a
     * queue file that cannot be read to its end: what a plugin must answer with a temporary failure.
     */
    public static MessageContent failingAfter(byte[] good, long claimedSize) {
        byte[] prefix = good.clone();
        return new MessageContent() {
            @Override
            public long size() {
                return claimedSize;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int next;

                    @Override
                    public int read() throws IOException {
                        if (next < prefix.length) {
                            return prefix[next++] & 0xff;
                        }
                        throw new IOException("queue file unreadable");
                    }
                };
            }
        };
    }

    /** How many bytes all streams have handed out so far. */
    public synchronized long bytesRead() {
        return bytesRead;
    }

    /** How many streams were opened and not closed. */
    public synchronized int openStreams() {
        return openStreams;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public synchronized InputStream open() {
        openStreams++;
        return new CountingStream(new ByteArrayInputStream(bytes));
    }

    @Override
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private synchronized void countRead(long n) {
        bytesRead += n;
    }

    private synchronized void countClosed() {
        openStreams--;
    }

    /** Counts what is read; InputStream's readAllBytes, readNBytes and transferTo come through read(byte[], int, int). */
    private final class CountingStream extends FilterInputStream {

        private boolean closed;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                countRead(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, Math.min(length, chunk));
            if (n > 0) {
                countRead(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            countRead(skipped);
            return skipped;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                countClosed();
            }
            super.close();
        }
    }
}

package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One file of the queue log, {@code log/<number>}. Only the log's thread writes it (at the end);
 * readers of inline content read at fixed positions at any time. The channel stays open while
 * a reader holds the segment, so a segment may be unlinked under a running delivery.
 */
final class Segment {

    private static final Logger LOG = LoggerFactory.getLogger(Segment.class);

    final long number;
    final Path file;
    final FileChannel channel;
    /** Bytes of complete, synced records; the next record starts here. Log thread only. */
    long size;
    /** Live messages whose latest M record is in this segment, and those records' bytes. */
    int live;
    long liveBytes;
    private int readers;
    private boolean deleted;

    private Segment(long number, Path file, FileChannel channel, long size) {
        this.number = number;
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Creates a new, empty segment; the caller syncs the directory. */
    static Segment create(Path directory, long number) throws IOException {
        Path file = directory.resolve(Long.toString(number));
        return new Segment(number, file, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), 0);
    }

    /** Opens an existing segment, for recovery. */
    static Segment open(Path file, long number) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        return new Segment(number, file, channel, channel.size());
    }

    /** Reads {@code length} bytes at {@code position} from a segment whose records there are complete. */
    InputStream open(long position, long length) throws IOException {
        synchronized (this) {
            if (deleted) {
                throw new IOException("segment " + file + " is gone");
            }
            readers++;
        }
        return new InputStream() {
            private long at = position;
            private final long end = position + length;
            private boolean closed;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("stream closed");
                }
                if (at >= end) {
                    return -1;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, end - at)), at);
                if (n < 0) {
                    throw new IOException("segment " + file + " ends before its record");
                }
                at += n;
                return n;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    release();
                }
            }
        };
    }

    /** Unlinks the file; the channel closes once the last reader is done. */
    void delete() throws IOException {
        Files.deleteIfExists(file);
        synchronized (this) {
            deleted = true;
            if (readers > 0) {
                return;
            }
        }
        closeChannel();
    }

    /** Closes the channel without removing the file (the queue stops). */
    void close() {
        synchronized (this) {
            deleted = true;
            if (readers > 0) {
                return;
            }
        }
        closeChannel();
    }

    private void release() {
        synchronized (this) {
            if (--readers > 0 || !deleted) {
                return;
            }
        }
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("unable to close {}", file, e);
        }
    }
}

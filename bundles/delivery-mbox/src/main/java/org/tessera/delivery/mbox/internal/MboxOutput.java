package org.tessera.delivery.mbox.internal;

import java.nio.ByteBuffer;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * A buffer in native memory in front of an {@link MboxFile}, so that JNA writes it without a copy.
 * Each delivery thread keeps one for all its deliveries.
 */
final class MboxOutput {

    private final ByteBuffer buffer;
    private final Pointer address;
    private MboxFile file;

    MboxOutput(int bytes) {
        buffer = ByteBuffer.allocateDirect(bytes);
        address = Native.getDirectBufferPointer(buffer);
    }

    /** Starts writing into {@code file}, forgetting anything a failed delivery left in the buffer. */
    MboxOutput into(MboxFile file) {
        this.file = file;
        buffer.clear();
        return this;
    }

    void put(byte b) throws ErrnoException {
        if (!buffer.hasRemaining()) {
            flush();
        }
        buffer.put(b);
    }

    void put(byte[] bytes) throws ErrnoException {
        put(bytes, 0, bytes.length);
    }

    void put(byte[] bytes, int offset, int length) throws ErrnoException {
        int from = offset;
        int left = length;
        while (left > 0) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            int now = Math.min(left, buffer.remaining());
            buffer.put(bytes, from, now);
            from += now;
            left -= now;
        }
    }

    void repeat(byte b, long count) throws ErrnoException {
        for (long i = 0; i < count; i++) {
            put(b);
        }
    }

    /** Writes out the buffer and syncs the file. */
    void sync() throws ErrnoException {
        flush();
        file.sync();
    }

    private void flush() throws ErrnoException {
        int length = buffer.position();
        buffer.clear();
        file.write(address, length);
    }
}

package org.tessera.common.cdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tessera.api.control.CdbTable;

/**
 * A cdb file mapped into memory, or any cdb in memory. Lookups use only absolute reads of the shared
 * buffer, which move no position, so any number of threads may look up at once. Every offset read from the file is checked
 * against its size, so a damaged file gives an {@link IOException} rather than a runtime exception.
 */
public final class CdbReader implements CdbTable {

    private final String name;
    private final ByteBuffer bytes;
    private volatile boolean closed;

    private CdbReader(String name, ByteBuffer bytes) {
        this.name = name;
        this.bytes = bytes;
    }

    /**
     * Maps a cdb file. The descriptor is closed at once (a mapping outlives it), so an open table holds
     * no file descriptor and survives the file being replaced by rename.
     *
     * @return the table, or empty when the file does not exist
     */
    public static Optional<CdbTable> open(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE) {
                // One mapping holds at most 2 GiB; users/cdb and tcprules files are far smaller.
                throw new IOException(file + ": cdb files over 2 GiB are not supported");
            }
            return Optional.of(over(file.toString(), channel.map(FileChannel.MapMode.READ_ONLY, 0, size)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * A cdb held in memory: the bytes from {@code bytes}' position to its limit, which must not change
     * while the table is in use.
     *
     * @param name what the table's errors call it (its file)
     */
    public static CdbTable over(String name, ByteBuffer bytes) throws IOException {
        if (bytes.remaining() < CdbFormat.HEADER_SIZE) {
            throw new IOException(name + ": not a cdb file, " + bytes.remaining() + " bytes is shorter than its header");
        }
        return new CdbReader(name, bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    @Override
    public Optional<byte[]> find(byte[] key) throws IOException {
        List<byte[]> values = lookup(key, false);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    @Override
    public List<byte[]> findAll(byte[] key) throws IOException {
        return lookup(key, true);
    }

    /** Only marks the table closed: the mapping is released by the collector once unreachable. */
    @Override
    public void close() {
        closed = true;
    }

    private List<byte[]> lookup(byte[] key, boolean all) throws IOException {
        if (closed) {
            throw new IOException(name + ": cdb table is closed");
        }
        int hash = CdbFormat.hash(key);
        int table = CdbFormat.table(hash);
        long tablePosition = u32(table * 8L);
        long slots = u32(table * 8L + 4);
        List<byte[]> values = new ArrayList<>(1);
        if (slots == 0) {
            return values;
        }
        long slot = CdbFormat.firstSlot(hash, slots);
        // At most one pass over the table: a full table (only in a damaged file) must not loop forever.
        for (long probe = 0; probe < slots; probe++) {
            long slotPosition = tablePosition + slot * 8;
            long record = u32(slotPosition + 4);
            if (record == 0) {
                break; // an empty slot ends the chain
            }
            if ((int) u32(slotPosition) == hash && u32(record) == key.length && keyAt(record + 8, key)) {
                values.add(bytes(record + 8 + key.length, u32(record + 4)));
                if (!all) {
                    break;
                }
            }
            if (++slot == slots) {
                slot = 0;
            }
        }
        return values;
    }

    private boolean keyAt(long position, byte[] key) throws IOException {
        check(position, key.length);
        for (int i = 0; i < key.length; i++) {
            if (bytes.get((int) position + i) != key[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] bytes(long position, long length) throws IOException {
        check(position, length);
        byte[] value = new byte[(int) length];
        bytes.get((int) position, value);
        return value;
    }

    private long u32(long position) throws IOException {
        check(position, 4);
        return Integer.toUnsignedLong(bytes.getInt((int) position));
    }

    private void check(long position, long length) throws IOException {
        if (position < 0 || length < 0 || position + length > bytes.capacity()) {
            throw new IOException(name + ": damaged cdb file, offset " + position + " is outside it");
        }
    }
}

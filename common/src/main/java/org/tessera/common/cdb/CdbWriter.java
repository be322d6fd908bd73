package org.tessera.common.cdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

import org.tessera.api.control.CdbRecord;

/** Lays records out as a cdb file exactly as cdbmake does, so equal input gives byte-identical files. */
public final class CdbWriter {

    private final SeekableByteChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long position = CdbFormat.HEADER_SIZE;
    private int count;
    private int[] hashes = new int[64];
    private int[] positions = new int[64];

    private CdbWriter(SeekableByteChannel channel) {
        this.channel = channel;
    }

    /** Writes the records as a whole cdb file from the start of an empty channel. */
    public static void write(SeekableByteChannel channel, Iterable<CdbRecord> records) throws IOException {
        new CdbWriter(channel).writeAll(records);
    }

    private void writeAll(Iterable<CdbRecord> records) throws IOException {
        channel.position(CdbFormat.HEADER_SIZE);
        for (CdbRecord record : records) {
            add(record);
        }
        ByteBuffer header = ByteBuffer.allocate(CdbFormat.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int[] order = recordsByTable();
        int next = 0;
        for (int table = 0; table < 256; table++) {
            int first = next;
            while (next < count && CdbFormat.table(hashes[order[next]]) == table) {
                next++;
            }
            int slots = (next - first) * 2;
            header.putInt((int) position).putInt(slots);
            writeTable(order, first, next, slots);
        }
        flush();
        header.flip();
        channel.position(0);
        while (header.hasRemaining()) {
            channel.write(header);
        }
    }

    private void add(CdbRecord record) throws IOException {
        byte[] key = record.key();
        byte[] value = record.value();
        long end = position + 8 + key.length + value.length;
        if (end > CdbFormat.MAX_SIZE) {
            throw new IOException("cdb file would exceed 4 GiB");
        }
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
        }
        hashes[count] = CdbFormat.hash(key);
        positions[count++] = (int) position; // unsigned 32 bits
        putInt(key.length);
        putInt(value.length);
        put(key);
        put(value);
        position = end;
    }

    /** The record numbers sorted by table, keeping file order within a table, as cdbmake does. */
    private int[] recordsByTable() {
        int[] start = new int[257];
        for (int i = 0; i < count; i++) {
            start[CdbFormat.table(hashes[i]) + 1]++;
        }
        for (int table = 0; table < 256; table++) {
            start[table + 1] += start[table];
        }
        int[] order = new int[count];
        for (int i = 0; i < count; i++) {
            order[start[CdbFormat.table(hashes[i])]++] = i;
        }
        return order;
    }

    private void writeTable(int[] order, int from, int to, int slots) throws IOException {
        if (position + slots * 8L > CdbFormat.MAX_SIZE) {
            throw new IOException("cdb file would exceed 4 GiB");
        }
        int[] slotHash = new int[slots];
        int[] slotRecord = new int[slots]; // 0 marks an empty slot: no record starts inside the header
        for (int i = from; i < to; i++) {
            int record = order[i];
            int slot = (int) CdbFormat.firstSlot(hashes[record], slots);
            while (slotRecord[slot] != 0) {
                slot = slot + 1 == slots ? 0 : slot + 1;
            }
            slotHash[slot] = hashes[record];
            slotRecord[slot] = positions[record];
        }
        for (int slot = 0; slot < slots; slot++) {
            putInt(slotHash[slot]);
            putInt(slotRecord[slot]);
        }
        position += slots * 8L;
    }

    private void putInt(int value) throws IOException {
        if (buffer.remaining() < 4) {
            flush();
        }
        buffer.putInt(value);
    }

    private void put(byte[] bytes) throws IOException {
        if (bytes.length > buffer.remaining()) {
            flush();
            if (bytes.length > buffer.capacity()) {
                ByteBuffer whole = ByteBuffer.wrap(bytes);
                while (whole.hasRemaining()) {
                    channel.write(whole);
                }
                return;
            }
        }
        buffer.put(bytes);
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }
}

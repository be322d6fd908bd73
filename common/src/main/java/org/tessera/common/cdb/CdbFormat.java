package org.tessera.common.cdb;

/**
 * The layout of D. J. Bernstein's cdb format, shared by {@link CdbReader} and {@link CdbWriter}.
 *
 * <p>Written here rather than taken from a library: no maintained cdb implementation on Maven
 * Central is, or could simply be wrapped as, an OSGi bundle (sg-cdb, the known pure-Java one, is
 * not on Central at all; its fork is served only by JitPack), and the format is small. A file is a 2048-byte header of 256 (position, slot count)
 * pairs, the records ({@code klen}, {@code dlen}, key, data), then 256 open-addressing tables of
 * (hash, record position) slots; every number is an unsigned little-endian 32-bit integer.
 */
final class CdbFormat {

    /** Bytes in the header: 256 tables, two 32-bit numbers each. */
    static final int HEADER_SIZE = 2048;

    /** The largest file: every position must fit in 32 unsigned bits. */
    static final long MAX_SIZE = 0xFFFF_FFFFL;

    private CdbFormat() {
    }

    /** The cdb hash: h = ((h << 5) + h) ^ c over the key bytes, starting at 5381, modulo 2^32. */
    static int hash(byte[] key) {
        int h = 5381;
        for (byte b : key) {
            h = ((h << 5) + h) ^ (b & 0xff);
        }
        return h;
    }

    /** The table a hash belongs to. */
    static int table(int hash) {
        return hash & 0xff;
    }

    /** The slot a hash starts probing at in a table of {@code slots} slots. */
    static long firstSlot(int hash, long slots) {
        return (hash >>> 8) % slots;
    }
}

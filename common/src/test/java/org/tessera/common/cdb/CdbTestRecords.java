package org.tessera.common.cdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.tessera.api.control.CdbRecord;

/** Record sets that reach every path of a cdb lookup. */
final class CdbTestRecords {

    private CdbTestRecords() {
    }

    static CdbRecord record(String key, String value) {
        return new CdbRecord(key.getBytes(StandardCharsets.ISO_8859_1), value.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Repeated keys, an empty key and empty values, binary keys and values (every byte, the dump
     * format's own {@code ->} and newline among them), two different keys with the same 32-bit
     * hash, and enough records that every table has collisions.
     */
    static List<CdbRecord> mixed() {
        List<CdbRecord> records = new ArrayList<>();
        records.add(record("one", "first"));
        records.add(record("two", ""));
        records.add(record("", "empty key"));
        records.add(record("one", "second"));
        records.add(record("", ""));
        byte[] everyByte = new byte[256];
        for (int i = 0; i < 256; i++) {
            everyByte[i] = (byte) i;
        }
        records.add(new CdbRecord(everyByte, everyByte));
        records.add(record("a->b\nc", "x\n->y"));
        byte[][] twins = sameHash();
        records.add(new CdbRecord(twins[0], "twin 0".getBytes(StandardCharsets.US_ASCII)));
        records.add(new CdbRecord(twins[1], "twin 1".getBytes(StandardCharsets.US_ASCII)));
        for (int i = 0; i < 3000; i++) {
            records.add(record("key" + i, "value" + i));
        }
        records.add(record("one", "third"));
        return records;
    }

    /** Every value per key, in file order. */
    static Map<String, List<byte[]>> byKey(List<CdbRecord> records) {
        Map<String, List<byte[]>> values = new LinkedHashMap<>();
        for (CdbRecord record : records) {
            values.computeIfAbsent(new String(record.key(), StandardCharsets.ISO_8859_1), k -> new ArrayList<>())
                    .add(record.value());
        }
        return values;
    }

    /** Two different keys with the same 32-bit hash, found by a search over three-byte keys. */
    static byte[][] sameHash() {
        return new byte[][] {{0, 0, 33}, {0, 1, 0}};
    }
}

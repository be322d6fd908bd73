package org.tessera.common.cdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;

/**
 * cdb files read back after damage (a truncated copy, a disk's bit flips, a file of another format):
 * a lookup gives values or an {@link IOException}, never a runtime exception or an endless probe.
 * Undamaged, the file gives back what was written.
 */
class CdbReaderFuzzTest {

    @FuzzTest
    void damagedFile(FuzzedDataProvider data) throws IOException {
        List<CdbRecord> records = new ArrayList<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            records.add(new CdbRecord(data.consumeBytes(16), data.consumeBytes(32)));
        }
        // The file in memory: what a lookup reads is the same bytes a mapping of the file would give.
        try (SeekableInMemoryByteChannel file = new SeekableInMemoryByteChannel()) {
            CdbWriter.write(file, records);
            int flips = data.consumeInt(0, 8);
            boolean damaged = false;
            byte[] bytes = file.array();
            for (int i = 0; i < flips && file.size() > 0; i++) {
                int at = (int) data.consumeLong(0, file.size() - 1);
                bytes[at] ^= (byte) (1 << data.consumeInt(0, 7));
                damaged = true;
            }
            if (data.consumeBoolean()) {
                file.truncate(data.consumeLong(0, file.size()));
                damaged = true;
            }
            readBack(ByteBuffer.wrap(bytes, 0, (int) file.size()), records, damaged, data.consumeRemainingAsBytes());
        }
    }

    private static void readBack(ByteBuffer file, List<CdbRecord> records, boolean damaged, byte[] otherKey)
            throws IOException {
        CdbTable table;
        try {
            table = CdbReader.over("damaged.cdb", file);
        } catch (IOException refused) {
            return;
        }
        try {
            for (CdbRecord record : records) {
                List<byte[]> found = table.findAll(record.key());
                if (!damaged) {
                    assertEquals(records.stream().filter(r -> Arrays.equals(r.key(), record.key())).count(),
                            found.size(), "an undamaged file gives back every value of a key");
                }
            }
            table.find(otherKey);
        } catch (IOException damageFound) {
            // the documented answer to a damaged file
        } finally {
            table.close();
        }
    }
}

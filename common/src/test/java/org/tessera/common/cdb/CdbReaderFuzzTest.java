package org.tessera.common.cdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;

/**
 * cdb files read back after damage (a truncated copy, a disk's bit flips, a file of another format):
 * a lookup gives values or an {@link IOException}, never a runtime exception or an endless probe.
 * Undamaged, the file gives back what was written.
 */
class CdbReaderFuzzTest {

    private static Path file;

    @BeforeAll
    static void createFile() throws IOException {
        // A file per input: on tmpfs where there is one, so the disk does not set the pace.
        Path shm = Path.of("/dev/shm");
        file = Files.isDirectory(shm) ? Files.createTempFile(shm, "cdb-fuzz", ".cdb")
                : Files.createTempFile("cdb-fuzz", ".cdb");
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(file);
    }

    @FuzzTest
    void damagedFile(FuzzedDataProvider data) throws IOException {
        List<CdbRecord> records = new ArrayList<>();
        int count = data.consumeInt(0, 8);
        for (int i = 0; i < count; i++) {
            records.add(new CdbRecord(data.consumeBytes(16), data.consumeBytes(32)));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CdbWriter.write(channel, records);
            int flips = data.consumeInt(0, 8);
            boolean damaged = false;
            for (int i = 0; i < flips && channel.size() > 0; i++) {
                long at = data.consumeLong(0, channel.size() - 1);
                java.nio.ByteBuffer one = ByteBuffer.allocate(1);
                channel.read(one, at);
                byte flipped = (byte) (one.get(0) ^ (1 << data.consumeInt(0, 7)));
                channel.write(ByteBuffer.wrap(new byte[] {flipped}), at);
                damaged = true;
            }
            if (data.consumeBoolean()) {
                channel.truncate(data.consumeLong(0, channel.size()));
                damaged = true;
            }
            readBack(records, damaged, data.consumeRemainingAsBytes());
        }
    }

    private static void readBack(List<CdbRecord> records, boolean damaged, byte[] otherKey) throws IOException {
        CdbTable table;
        try {
            table = CdbReader.open(file).orElseThrow();
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

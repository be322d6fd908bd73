package org.tessera.common.tcprules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;
import org.tessera.common.cdb.CdbReader;
import org.tessera.common.cdb.CdbWriter;

/**
 * tcprules text as an administrator may write it: refused with {@link TcpRulesSyntaxException} (or an
 * {@link IOException} past the limits), or compiled into records that a cdb written from them gives
 * back, the first rule for each key winning.
 */
class TcpRulesParserFuzzTest {

    private static Path cdb;

    @BeforeAll
    static void createFile() throws IOException {
        // A file per input: on tmpfs where there is one, so the disk does not set the pace.
        Path shm = Path.of("/dev/shm");
        cdb = Files.isDirectory(shm) ? Files.createTempFile(shm, "tcprules-fuzz", ".cdb")
                : Files.createTempFile("tcprules-fuzz", ".cdb");
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(cdb);
    }

    @FuzzTest
    void rulesText(byte[] text) throws IOException {
        List<CdbRecord> records;
        try {
            records = TcpRulesParser.parse(text);
        } catch (TcpRulesSyntaxException refused) {
            return;
        }
        for (CdbRecord record : records) {
            byte[] value = record.value();
            assertTrue(value.length == 0 || value[value.length - 1] == 0, "a rule's value ends with NUL");
        }
        try (FileChannel channel = FileChannel.open(cdb, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CdbWriter.write(channel, records);
        }
        CdbTable table = CdbReader.open(cdb).orElseThrow();
        try {
            for (CdbRecord record : records) {
                List<byte[]> found = table.findAll(record.key());
                assertTrue(!found.isEmpty(), "every rule's key is found");
                CdbRecord first = records.stream().filter(r -> Arrays.equals(r.key(), record.key()))
                        .findFirst().orElseThrow();
                assertArrayEquals(first.value(), found.get(0), "the first rule for a key wins");
                assertEquals(records.stream().filter(r -> Arrays.equals(r.key(), record.key())).count(),
                        found.size());
            }
        } finally {
            table.close();
        }
    }
}

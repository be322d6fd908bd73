package org.tessera.common.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;

/** Our writer against our reader, and the file-level guarantees of both. */
class CdbRoundTripTest {

    @TempDir
    Path dir;

    private final CdbFiles cdb = new CdbFileStore();

    static void assertFindsEvery(CdbTable table, List<CdbRecord> records) throws IOException {
        for (Map.Entry<String, List<byte[]>> key : CdbTestRecords.byKey(records).entrySet()) {
            byte[] bytes = key.getKey().getBytes(StandardCharsets.ISO_8859_1);
            List<byte[]> found = table.findAll(bytes);
            assertEquals(key.getValue().size(), found.size(), key.getKey());
            for (int i = 0; i < found.size(); i++) {
                assertArrayEquals(key.getValue().get(i), found.get(i), key.getKey() + " #" + i);
            }
            assertArrayEquals(key.getValue().get(0), table.find(bytes).orElseThrow(), key.getKey());
        }
        assertEquals(Optional.empty(), table.find("missing".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(), table.findAll("key3000".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theTwinKeysReallyShareAHash() {
        byte[][] twins = CdbTestRecords.sameHash();
        assertEquals(CdbFormat.hash(twins[0]), CdbFormat.hash(twins[1]));
    }

    @Test
    void hashIsBernsteins() {
        assertEquals(5381, CdbFormat.hash(new byte[0]));
        assertEquals((5381 * 33) ^ 'a', CdbFormat.hash(new byte[] {'a'}));
        assertEquals(0x0059601a, CdbFormat.hash(new byte[] {(byte) 0xff, (byte) 0x80}), "bytes are unsigned");
    }

    @Test
    void readsWhatItWrote() throws Exception {
        Path file = dir.resolve("mixed.cdb");
        List<CdbRecord> records = CdbTestRecords.mixed();
        cdb.write(file, records);
        try (CdbTable table = cdb.open(file).orElseThrow()) {
            assertFindsEvery(table, records);
        }
    }

    @Test
    void emptyDatabaseIsJustTheHeader() throws Exception {
        Path file = dir.resolve("empty.cdb");
        cdb.write(file, List.of());
        assertEquals(2048, Files.size(file));
        try (CdbTable table = cdb.open(file).orElseThrow()) {
            assertEquals(Optional.empty(), table.find(new byte[0]));
        }
    }

    @Test
    void headerPointsPastTheRecords() throws Exception {
        Path file = dir.resolve("one.cdb");
        cdb.write(file, List.of(CdbTestRecords.record("k", "v")));
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        // one record of 8 + 1 + 1 bytes, then one table of two slots
        assertEquals(2048 + 10 + 16, bytes.capacity());
        int table = CdbFormat.hash(new byte[] {'k'}) & 0xff;
        assertEquals(2048 + 10, bytes.getInt(table * 8));
        assertEquals(2, bytes.getInt(table * 8 + 4));
    }

    @Test
    void missingFileIsEmptyNotAnError() throws Exception {
        assertEquals(Optional.empty(), cdb.open(dir.resolve("absent.cdb")));
    }

    @Test
    void shortOrDamagedFilesAreErrors() throws Exception {
        Path shortFile = Files.write(dir.resolve("short.cdb"), new byte[100]);
        assertThrows(IOException.class, () -> cdb.open(shortFile));
        // A header whose first table points far outside the file.
        byte[] damaged = new byte[2048];
        for (int i = 0; i < 256; i++) {
            ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt(i * 8, 1 << 30).putInt(i * 8 + 4, 2);
        }
        Path damagedFile = Files.write(dir.resolve("damaged.cdb"), damaged);
        try (CdbTable table = cdb.open(damagedFile).orElseThrow()) {
            assertThrows(IOException.class, () -> table.find("k".getBytes(StandardCharsets.US_ASCII)));
        }
    }

    @Test
    void closedTableRefusesLookups() throws Exception {
        Path file = dir.resolve("c.cdb");
        cdb.write(file, List.of(CdbTestRecords.record("k", "v")));
        CdbTable table = cdb.open(file).orElseThrow();
        table.close();
        assertThrows(IOException.class, () -> table.find(new byte[] {'k'}));
    }

    @Test
    void replacingIsAtomicAndLeavesNoTemporaryFile() throws Exception {
        Path file = dir.resolve("users.cdb");
        cdb.write(file, List.of(CdbTestRecords.record("old", "1")));
        CdbTable before = cdb.open(file).orElseThrow();
        cdb.write(file, List.of(CdbTestRecords.record("new", "2")));
        assertEquals("1", new String(before.find("old".getBytes(StandardCharsets.US_ASCII)).orElseThrow(),
                StandardCharsets.US_ASCII), "an open table keeps reading the file it opened");
        try (CdbTable after = cdb.open(file).orElseThrow()) {
            assertTrue(after.find("new".getBytes(StandardCharsets.US_ASCII)).isPresent());
            assertTrue(after.find("old".getBytes(StandardCharsets.US_ASCII)).isEmpty());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void newFilesAreWorldReadableAndReplacedFilesKeepTheirMode() throws Exception {
        Path file = dir.resolve("mode.cdb");
        cdb.write(file, List.of());
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        cdb.write(file, List.of());
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void failedWriteKeepsTheOldFileAndCleansUp() throws Exception {
        Path file = dir.resolve("keep.cdb");
        cdb.write(file, List.of(CdbTestRecords.record("k", "v")));
        Iterable<CdbRecord> failing = () -> {
            throw new IllegalStateException("source broke");
        };
        assertThrows(IllegalStateException.class, () -> cdb.write(file, failing));
        try (CdbTable table = cdb.open(file).orElseThrow(); var files = Files.list(dir)) {
            assertTrue(table.find(new byte[] {'k'}).isPresent());
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void lookupsFromManyThreadsAgree() throws Exception {
        Path file = dir.resolve("threads.cdb");
        List<CdbRecord> records = CdbTestRecords.mixed();
        cdb.write(file, records);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (CdbTable table = cdb.open(file).orElseThrow()) {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                runs.add(pool.submit(() -> {
                    assertFindsEvery(table, records);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void largeValuesPassTheWriteBuffer() throws Exception {
        Path file = dir.resolve("large.cdb");
        byte[] big = new byte[200_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        cdb.write(file, List.of(new CdbRecord("big".getBytes(StandardCharsets.US_ASCII), big)));
        try (CdbTable table = cdb.open(file).orElseThrow()) {
            assertArrayEquals(big, table.find("big".getBytes(StandardCharsets.US_ASCII)).orElseThrow());
        }
    }
}

package org.tessera.common.cdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;

/** Byte compatibility with Debian's tinycdb, both ways (skipped without it unless tessera.requireTools=true). */
class CdbTinyCdbTest {

    private TinyCdb tinycdb;

    @TempDir
    Path dir;

    private final CdbFiles cdb = new CdbFileStore();

    // Per test rather than per class, so that a run without tinycdb reports each test as skipped.
    @BeforeEach
    void findTinyCdb() {
        tinycdb = TinyCdb.require();
    }

    @Test
    void readsAFileMadeByTinyCdb() throws Exception {
        Path file = dir.resolve("tiny.cdb");
        List<CdbRecord> records = CdbTestRecords.mixed();
        tinycdb.create(file, records);
        try (CdbTable table = cdb.open(file).orElseThrow()) {
            CdbRoundTripTest.assertFindsEvery(table, records);
        }
    }

    @Test
    void tinyCdbDumpsOurFileAsItsInput() throws Exception {
        Path file = dir.resolve("ours.cdb");
        List<CdbRecord> records = CdbTestRecords.mixed();
        cdb.write(file, records);
        assertArrayEquals(TinyCdb.dumpFormat(records), tinycdb.dump(file));
    }

    @Test
    void tinyCdbFindsOurRecords() throws Exception {
        Path file = dir.resolve("ours.cdb");
        cdb.write(file, CdbTestRecords.mixed());
        assertEquals("first", tinycdb.query(file, "one", 1).text());
        assertEquals("second", tinycdb.query(file, "one", 2).text());
        assertEquals("third", tinycdb.query(file, "one", 3).text());
        assertEquals("value2999", tinycdb.query(file, "key2999", 1).text());
        assertEquals("", tinycdb.query(file, "two", 1).text());
        assertEquals(0, tinycdb.query(file, "two", 1).exit(), "an empty value is found");
        assertEquals(100, tinycdb.query(file, "missing", 1).exit(), "tinycdb's exit status for not found");
    }

    @Test
    void ourFileIsByteForByteTinyCdbs() throws Exception {
        // Same records, same order: cdbmake's layout is deterministic, so the files must be identical.
        List<CdbRecord> records = CdbTestRecords.mixed();
        Path ours = dir.resolve("ours.cdb");
        Path theirs = dir.resolve("theirs.cdb");
        cdb.write(ours, records);
        tinycdb.create(theirs, records);
        assertArrayEquals(Files.readAllBytes(theirs), Files.readAllBytes(ours));
    }
}

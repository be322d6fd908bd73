package org.tessera.common.cdbtable;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbRecord;
import org.tessera.common.cdb.CdbFileStore;

/** The next lookup after a file is written, replaced or removed sees it as it is then. */
class ReopeningCdbTest {

    @TempDir
    Path dir;

    private final CdbFileStore files = new CdbFileStore();

    private String value(ReopeningCdb cdb) throws IOException {
        return cdb.read(table -> table.find(bytes("k")).map(v -> new String(v, StandardCharsets.US_ASCII)),
                Optional.of("missing")).orElse("no key");
    }

    @Test
    void followsTheFileAsItIsWrittenReplacedAndRemoved() throws IOException {
        Path file = dir.resolve("rules.cdb");
        try (ReopeningCdb cdb = new ReopeningCdb(file, files)) {
            assertEquals("missing", value(cdb));
            files.write(file, List.of(new CdbRecord(bytes("k"), bytes("one"))));
            assertEquals("one", value(cdb));
            files.write(file, List.of(new CdbRecord(bytes("k"), bytes("two"))));
            assertEquals("two", value(cdb));
            files.write(file, List.of(new CdbRecord(bytes("other"), bytes("x"))));
            assertEquals("no key", value(cdb));
            Files.delete(file);
            assertEquals("missing", value(cdb));
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

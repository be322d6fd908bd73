package org.tessera.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbTable;
import org.tessera.common.cdb.CdbFileStore;

/** tcprules' interface: arguments, messages, exit codes and the commit by rename. */
class TcpRulesToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream errors = new ByteArrayOutputStream();

    private int run(String text, String... args) {
        return TcpRulesTool.run(List.of(args), new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(errors, true, StandardCharsets.ISO_8859_1), new CdbFileStore());
    }

    private String cdb() {
        return dir.resolve("rules.cdb").toString();
    }

    private String tmp() {
        return dir.resolve("rules.tmp").toString();
    }

    @Test
    void compilesAndRenamesTheTemporaryFileOverTheCdb() throws Exception {
        assertEquals(0, run("127.:allow,RELAYCLIENT=\"\"\n:deny\n", cdb(), tmp()));
        assertEquals("", errors.toString(StandardCharsets.ISO_8859_1));
        assertFalse(Files.exists(dir.resolve("rules.tmp")));
        try (CdbTable table = new CdbFileStore().open(dir.resolve("rules.cdb")).orElseThrow()) {
            assertArrayEquals("+RELAYCLIENT=\0".getBytes(StandardCharsets.US_ASCII),
                    table.find("127.".getBytes(StandardCharsets.US_ASCII)).orElseThrow());
            assertArrayEquals(new byte[] {'D', 0}, table.find(new byte[0]).orElseThrow());
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("rules.cdb")), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void aSyntaxErrorExits100AndKeepsTheOldCdb() throws Exception {
        assertEquals(0, run(":allow\n", cdb(), tmp()));
        byte[] before = Files.readAllBytes(Path.of(cdb()));
        assertEquals(100, run(":allow\n1.2.3.4:permit  \n", cdb(), tmp()));
        assertEquals("tcprules: fatal: unable to parse this line: 1.2.3.4:permit\n", errors.toString(StandardCharsets.ISO_8859_1));
        assertArrayEquals(before, Files.readAllBytes(Path.of(cdb())));
    }

    @Test
    void missingArgumentsExit100WithTheUsage() {
        assertEquals(100, run(":allow\n", cdb()));
        assertEquals("tcprules: usage: tcprules rules.cdb rules.tmp\n", errors.toString(StandardCharsets.ISO_8859_1));
    }

    @Test
    void anUnwritableTemporaryFileExits111() {
        String tmp = dir.resolve("no/such/dir/rules.tmp").toString();
        assertEquals(111, run(":allow\n", cdb(), tmp));
        assertTrue(errors.toString(StandardCharsets.ISO_8859_1).startsWith("tcprules: fatal: unable to write to " + tmp + ": "));
        assertFalse(Files.exists(Path.of(cdb())));
    }

    @Test
    void anEmptyInputMakesAnEmptyCdb() throws Exception {
        assertEquals(0, run("", cdb(), tmp()));
        assertEquals(2048, Files.size(Path.of(cdb())), "a cdb of no records is its header");
    }
}

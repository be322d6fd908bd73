package org.tessera.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.common.cdb.CdbFileStore;
import org.tessera.common.testing.Program;
import org.tessera.common.testing.TcpRulesText;
import org.tessera.common.testing.UcspiTcprules;

/** Byte compatibility with ucspi-tcp's own tcprules (Debian's ucspi-tcp), both ways. */
class TcpRulesToolInteropTest {

    private UcspiTcprules tcprules;

    @TempDir
    Path dir;

    @BeforeEach
    void findTcprules() {
        tcprules = UcspiTcprules.require();
    }

    private Program.Result theirs(String text, String cdb) throws Exception {
        return tcprules.compile(dir, text, cdb);
    }

    private int ours(String text, String cdb, ByteArrayOutputStream errors) {
        return TcpRulesTool.run(List.of(dir.resolve(cdb).toString(), dir.resolve(cdb + ".tmp").toString()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(errors, true, StandardCharsets.ISO_8859_1), new CdbFileStore());
    }

    @Test
    void ourCdbIsByteForByteTheirs() throws Exception {
        assertEquals(0, theirs(TcpRulesText.EVERY_FORM, "theirs.cdb").exit());
        assertEquals(0, ours(TcpRulesText.EVERY_FORM, "ours.cdb", new ByteArrayOutputStream()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("theirs.cdb")), Files.readAllBytes(dir.resolve("ours.cdb")));
    }

    @Test
    void aLargeFileIsByteForByteTheirs() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append(10 + i % 200).append('.').append(i / 200).append(".0-255:allow,N=\"").append(i).append("\"\n");
        }
        assertEquals(0, theirs(text.toString(), "theirs.cdb").exit());
        assertEquals(0, ours(text.toString(), "ours.cdb", new ByteArrayOutputStream()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("theirs.cdb")), Files.readAllBytes(dir.resolve("ours.cdb")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a:b:allow", "1.2.3.4:allowx", "x:allow,A=\"1", "a-b:allow", "1.2.3.4:  ", "x:allow,A"})
    void refusesWithTheirMessageAndStatusLeavingTheOldCdb(String line) throws Exception {
        assertEquals(0, theirs(":allow\n", "theirs.cdb").exit());
        assertEquals(0, ours(":allow\n", "ours.cdb", new ByteArrayOutputStream()));
        byte[] before = Files.readAllBytes(dir.resolve("ours.cdb"));
        String text = "ok:allow\n" + line + "\n:deny\n";
        Program.Result them = theirs(text, "theirs.cdb");
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ours(text, "ours.cdb", errors);
        assertEquals(them.exit(), status);
        assertEquals(them.errors(), errors.toString(StandardCharsets.ISO_8859_1));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("ours.cdb")));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("theirs.cdb")), "tcprules too leaves its cdb");
        assertFalse(Files.exists(dir.resolve("ours.cdb.tmp")));
    }

    @Test
    void usageIsTheirs() throws Exception {
        Program.Result them = tcprules.run(dir, "", List.of("only-one.cdb"));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = TcpRulesTool.run(List.of("only-one.cdb"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(errors, true, StandardCharsets.ISO_8859_1), new CdbFileStore());
        assertEquals(them.exit(), status);
        assertEquals(them.errors(), errors.toString(StandardCharsets.ISO_8859_1));
    }
}

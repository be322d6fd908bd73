package org.tessera.access.internal;

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
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.common.tcprules.TcpRules;

/** Byte compatibility with ucspi-tcp's own tcprules (Debian's ucspi-tcp), both ways. */
class TcpRulesInteropTest {

    /** Every form of spec/02 §10.1, ranges, quotes, duplicates, comments and the lines tcprules skips. */
    static final String EVERY_FORM = """
            # a comment:deny
            127.:allow,RELAYCLIENT=""
            10.0.:allow,RELAYCLIENT="",DATABYTES="1000000"
            1.2.3.37-53:deny
            10.2-3.:allow,X=/a"b/
            192.168.0.250-999:allow,TAG=#x#
            joe@1.2.3.4:allow,IDENT="joe"
            joe@=mail.example:deny
            =mail.example:allow,SMTPGREETING="mail.example ready"	\s
            =.example:allow,A="1",A="2"
            =:allow
            no colon is skipped

            1.2.3.40:allow,SHADOWED="the range came first"
            x-y@1.2.3.4:allow
            :allow,FALLBACK=""
            """;

    private Path tcprules;

    @TempDir
    Path dir;

    @BeforeEach
    void findTcprules() {
        tcprules = Program.onPath("tcprules", "ucspi-tcp");
    }

    private Program.Result theirs(String text, String cdb) throws Exception {
        return Program.run(List.of(tcprules.toString(), cdb, cdb + ".tmp"), dir,
                text.getBytes(StandardCharsets.ISO_8859_1), Map.of());
    }

    private int ours(String text, String cdb, ByteArrayOutputStream errors) {
        return TcpRules.run(List.of(dir.resolve(cdb).toString(), dir.resolve(cdb + ".tmp").toString()),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(errors, true, StandardCharsets.ISO_8859_1), Records.cdbFiles());
    }

    @Test
    void ourCdbIsByteForByteTheirs() throws Exception {
        assertEquals(0, theirs(EVERY_FORM, "theirs.cdb").exit());
        assertEquals(0, ours(EVERY_FORM, "ours.cdb", new ByteArrayOutputStream()));
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

    @Test
    void weReadTheirCdbAsTcpserverWould() throws Exception {
        assertEquals(0, theirs(EVERY_FORM, "tcp.smtp.cdb").exit());
        try (RulesByListener rules = new RulesByListener(dir, Records.cdbFiles())) {
            assertEquals(new ConnectionDecision(true, Map.of("RELAYCLIENT", "", "DATABYTES", "1000000")),
                    rules.check(LookupKeysTest.client("smtp", "10.0.9.9", "", ""), Set.of()));
            assertEquals(ConnectionDecision.DENY, rules.check(LookupKeysTest.client("smtp", "1.2.3.40", "", ""), Set.of()));
            assertEquals(new ConnectionDecision(true, Map.of("A", "2")),
                    rules.check(LookupKeysTest.client("smtp", "9.9.9.9", "www.example", ""), Set.of()));
            assertEquals(new ConnectionDecision(true, Map.of("X", "a\"b")),
                    rules.check(LookupKeysTest.client("smtp", "10.3.0.1", "", ""), Set.of()));
            assertEquals(new ConnectionDecision(true, Map.of("FALLBACK", "")),
                    rules.check(LookupKeysTest.client("smtp", "9.9.9.9", "", ""), Set.of()));
        }
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
        Program.Result them = Program.run(List.of(tcprules.toString(), "only-one.cdb"), dir, new byte[0], Map.of());
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = TcpRules.run(List.of("only-one.cdb"), new ByteArrayInputStream(new byte[0]),
                new PrintStream(errors, true, StandardCharsets.ISO_8859_1), Records.cdbFiles());
        assertEquals(them.exit(), status);
        assertEquals(them.errors(), errors.toString(StandardCharsets.ISO_8859_1));
    }
}

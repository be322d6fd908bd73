package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What qmail:cdb does: every control/tcp.NAME into tcp.NAME.cdb, a bad one left as it was. */
class TcpRulesRebuildTest {

    @TempDir
    Path control;

    private void write(String name, String text) throws Exception {
        Files.writeString(control.resolve(name), text, StandardCharsets.ISO_8859_1);
    }

    @Test
    void rebuildsEveryRulesFileAndNothingElse() throws Exception {
        write("tcp.smtp", "127.:allow,RELAYCLIENT=\"\"\n:allow\n");
        write("tcp.qmqp", "127.0.0.1:allow\n");
        write("tcp.smtp~", "not: rules\n");
        write("tcp.smtp.tmp", "not: rules\n");
        write("rcpthosts", "example.com\n");
        List<TcpRulesRebuild.Outcome> outcomes = TcpRulesRebuild.rebuildAll(control, Records.cdbFiles());
        assertEquals(List.of("tcp.qmqp.cdb: 1 key from tcp.qmqp", "tcp.smtp.cdb: 2 keys from tcp.smtp"),
                outcomes.stream().map(TcpRulesRebuild.Outcome::line).toList());
        assertFalse(Files.exists(control.resolve("tcp.smtp~.cdb")));
        assertFalse(Files.exists(control.resolve("tcp.smtp.tmp.cdb")));
        Path expected = control.resolve("expected.cdb");
        Records.cdbFiles().write(expected, Records.compile("127.:allow,RELAYCLIENT=\"\"\n:allow\n"));
        assertArrayEquals(Files.readAllBytes(expected), Files.readAllBytes(control.resolve("tcp.smtp.cdb")));
    }

    @Test
    void aFileThatDoesNotParseKeepsItsOldCdbAndTheOthersAreStillBuilt() throws Exception {
        write("tcp.pop3", ":deny\n");
        TcpRulesRebuild.rebuildAll(control, Records.cdbFiles());
        byte[] before = Files.readAllBytes(control.resolve("tcp.pop3.cdb"));
        write("tcp.pop3", ":deny\n10.:permit\n");
        write("tcp.smtp", ":allow\n");
        List<TcpRulesRebuild.Outcome> outcomes = TcpRulesRebuild.rebuildAll(control, Records.cdbFiles());
        assertEquals(List.of("tcp.pop3: unable to parse this line: 10.:permit; tcp.pop3.cdb left unchanged",
                "tcp.smtp.cdb: 1 key from tcp.smtp"), outcomes.stream().map(TcpRulesRebuild.Outcome::line).toList());
        assertEquals(List.of(true, false), outcomes.stream().map(TcpRulesRebuild.Outcome::failed).toList());
        assertArrayEquals(before, Files.readAllBytes(control.resolve("tcp.pop3.cdb")));
    }

    @Test
    void noRulesFilesIsNoWork() throws Exception {
        assertEquals(List.of(), TcpRulesRebuild.rebuildAll(control, Records.cdbFiles()));
    }
}

package org.tessera.itests.karaf;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * tcprules in the distribution (tcprules(1)): {@code bin/tcprules} compiles with the server
 * down, and {@code ctl cdb} rebuilds every {@code control/tcp.*} while it runs, failing on a file that
 * does not parse and leaving that file's old cdb as it was.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AccessIT {

    private static final String SMTP_RULES = "127.:allow,RELAYCLIENT=\"\"\n10.0.0.1-3:deny\n:allow\n";

    private static Commands commands;
    private static Path control;

    @BeforeClass
    public static void createHome() throws Exception {
        commands = new Commands("access-home");
        control = Files.createDirectories(commands.home.resolve("control"));
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (commands != null && Files.exists(commands.home.resolve("data"))) {
            commands.tessera(60, "stop");
        }
    }

    @Test
    public void a_tcprulesCompilesWhileTheServerIsDown() throws Exception {
        Path text = Files.writeString(control.resolve("tcp.smtp"), SMTP_RULES);
        Result ok = tcprules("tcp.smtp.cdb", text);
        assertEquals(ok.toString(), new Result(0, ""), ok);
        assertTrue(Files.isRegularFile(control.resolve("tcp.smtp.cdb")));
        assertTrue("the temporary file was renamed", Files.notExists(control.resolve("tcp.smtp.cdb.tmp")));

        byte[] before = Files.readAllBytes(control.resolve("tcp.smtp.cdb"));
        Path bad = Files.writeString(commands.home.resolve("bad.rules"), ":allow\n1.2.3.4:permit\n");
        Result refused = tcprules("tcp.smtp.cdb", bad);
        assertEquals(new Result(100, "tcprules: fatal: unable to parse this line: 1.2.3.4:permit\n"), refused);
        assertArrayEquals(before, Files.readAllBytes(control.resolve("tcp.smtp.cdb")));

        Result usage = commands.run(60, List.of(commands.bin("tcprules"), control.resolve("tcp.smtp.cdb").toString()), text);
        assertEquals(new Result(100, "tcprules: usage: tcprules rules.cdb rules.tmp\n"), usage);
        assertArrayEquals(before, Files.readAllBytes(control.resolve("tcp.smtp.cdb")));
    }

    @Test
    public void b_ctlCdbRebuildsEveryRulesFile() throws Exception {
        commands.startAndAwaitUp(120);
        byte[] compiledByTheTool = Files.readAllBytes(control.resolve("tcp.smtp.cdb"));
        Files.delete(control.resolve("tcp.smtp.cdb"));
        Files.writeString(control.resolve("tcp.qmqp"), "127.0.0.1:allow\n:deny\n");
        Result cdb = commands.tessera(60, "ctl", "cdb");
        assertEquals(cdb.toString(), 0, cdb.exit());
        assertTrue(cdb.out(), cdb.out().contains("tcp.qmqp.cdb: 2 keys from tcp.qmqp"));
        assertTrue(cdb.out(), cdb.out().contains("tcp.smtp.cdb: 5 keys from tcp.smtp"));
        assertArrayEquals("qmail:cdb and bin/tcprules make one file", compiledByTheTool,
                Files.readAllBytes(control.resolve("tcp.smtp.cdb")));
    }

    @Test
    public void c_ctlCdbFailsOnABadFileAndKeepsItsOldCdb() throws Exception {
        byte[] before = Files.readAllBytes(control.resolve("tcp.qmqp.cdb"));
        Files.writeString(control.resolve("tcp.qmqp"), "127.0.0.1:allow\n:maybe\n");
        Result cdb = commands.tessera(60, "ctl", "cdb");
        assertNotEquals(cdb.toString(), 0, cdb.exit());
        assertTrue(cdb.out(), cdb.out().contains("tcp.qmqp: unable to parse this line: :maybe; tcp.qmqp.cdb left unchanged"));
        assertTrue(cdb.out(), cdb.out().contains("tcp.smtp.cdb: 5 keys from tcp.smtp"));
        assertArrayEquals(before, Files.readAllBytes(control.resolve("tcp.qmqp.cdb")));
    }

    private static Result tcprules(String cdb, Path input) throws Exception {
        return commands.run(60, List.of(commands.bin("tcprules"), control.resolve(cdb).toString(),
                control.resolve(cdb + ".tmp").toString()), input);
    }
}

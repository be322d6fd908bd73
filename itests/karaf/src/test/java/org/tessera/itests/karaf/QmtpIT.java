package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.NetstringClient.Answer;
import org.tessera.itests.karaf.NetstringClient.Package;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * The distribution's QMTP listener (qmail-qmtpd(8)) with a Python QMTP client: every
 * reply, both line-ending modes, several packages on one connection, one message per package with
 * the accepted recipients only, nothing queued when none is accepted, the client vanishes or the
 * input is bad; and {@code control/tcp.qmtp} setting {@code RELAYCLIENT} and {@code DATABYTES}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class QmtpIT {

    private static final Pattern OK = Pattern.compile("Kok \\d+ qp (\\d+)");
    private static final String NOT_IN_RCPTHOSTS = "Dsorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)";
    private static final String CANT_HANDLE = "Dsorry, I can't handle that recipient (#5.1.3)";

    @ClassRule
    public static final SmtpHome home = new SmtpHome("qmtp-home");

    private static Package lf(String message, String sender, String... recipients) {
        return new Package("\n", message, sender, List.of(recipients));
    }

    @Test
    public void a_aPackageInLfModeIsQueuedWithTheQmtpReceivedLine() throws Exception {
        Answer a = NetstringClient.qmtp(home.commands, lf("Subject: lf\n\nbody\n", "s@b.test", "lf@example.com"));
        assertEquals(1, a.replies().size());
        assertTrue(a.toString(), OK.matcher(a.replies().get(0)).matches());
        assertFalse("the connection stays open for the next package", a.closed());
        Message m = home.queuedTo("lf@example.com");
        assertEquals("s@b.test", m.sender());
        Result show = home.ctl("queue-show", Long.toString(m.id()));
        assertTrue(show.out(), show.out().matches("(?s).*\nheader:\n"
                + "  Received: \\(qmail \\d+ invoked from network\\); [^\n]+\n"
                + "  Received: from unknown \\(127\\.0\\.0\\.1\\)\n    by mx\\.tessera\\.test with QMTP; [^\n]+\n"
                + "  Subject: lf\n.*"));
    }

    @Test
    public void b_crModeTurnsCrLfIntoLfAndKeepsOtherCrs() throws Exception {
        String message = "Subject: cr\r\n\r\na\rb\r\r\nend\r\n";
        Answer a = NetstringClient.qmtp(home.commands, new Package("\r", message, "s@b.test", List.of("cr@example.com")));
        assertTrue(a.toString(), OK.matcher(a.replies().get(0)).matches());
        Message m = home.queuedTo("cr@example.com");
        // Stored as "Subject: cr\n\na\rb\r\nend\n": a CR left before the LF would show in the header.
        Result show = home.ctl("queue-show", Long.toString(m.id()));
        assertTrue(show.out(), show.out().contains("\n  Subject: cr\n"));
    }

    @Test
    public void c_eachRecipientIsAnsweredInOrderAndOnlyTheAcceptedAreQueued() throws Exception {
        String tooLong = "x".repeat(990) + "@example.com";
        Answer a = NetstringClient.qmtp(home.commands, lf("Subject: mixed\n\n", "s@b.test",
                "mixed1@example.com", "u@evil.test", tooLong, "nul\0@example.com", "u@", "mixed2@EXAMPLE.COM"));
        assertEquals(a.toString(), 6, a.replies().size());
        assertTrue(a.toString(), OK.matcher(a.replies().get(0)).matches());
        assertEquals(NOT_IN_RCPTHOSTS, a.replies().get(1));
        assertEquals(CANT_HANDLE, a.replies().get(2));
        assertEquals(CANT_HANDLE, a.replies().get(3));
        assertEquals(NOT_IN_RCPTHOSTS, a.replies().get(4));
        assertEquals("one message, one qp", a.replies().get(0), a.replies().get(5));
        Message m = home.queuedTo("mixed1@example.com");
        assertEquals(List.of(new QueueListing.Recipient("local", "mixed1@example.com"),
                new QueueListing.Recipient("local", "mixed2@EXAMPLE.COM")), m.recipients());
    }

    @Test
    public void d_aBadSenderFailsEveryOtherwiseAcceptedRecipientAndNothingIsQueued() throws Exception {
        Answer a = NetstringClient.qmtp(home.commands, lf("Subject: s\n\n", "s".repeat(1000), "badsender@example.com",
                        "u@evil.test"),
                lf("Subject: s\n\n", "nul\0@b.test", "badsender2@example.com"));
        assertEquals(List.of("Dunacceptable sender (#5.1.7)", NOT_IN_RCPTHOSTS, "Dunacceptable sender (#5.1.7)"),
                a.replies());
        home.assertNotQueued("badsender@example.com");
        home.assertNotQueued("badsender2@example.com");
    }

    @Test
    public void e_packagesFollowEachOtherAndNoneAcceptedQueuesNothing() throws Exception {
        Answer a = NetstringClient.qmtp(home.commands, lf("Subject: 1\n\n", "s@b.test", "first@example.com"),
                lf("Subject: 2\n\n", "s@b.test", "u@evil.test"), lf("Subject: 3\n\n", "", "third@example.com"),
                lf("Subject: 4\n\n", "s@b.test"));
        assertEquals(a.toString(), 3, a.replies().size());
        assertTrue(OK.matcher(a.replies().get(0)).matches());
        assertEquals(NOT_IN_RCPTHOSTS, a.replies().get(1));
        assertTrue(OK.matcher(a.replies().get(2)).matches());
        assertEquals("", home.queuedTo("third@example.com").sender());
        home.assertNotQueued("u@evil.test");
    }

    @Test
    public void f_badInputEndsOnlyThatSession() throws Exception {
        for (String bad : List.of("x:\nab,", "3:\nabc;", "999999999999:\n", "0:,", "3:Xab,",
                "4:\nabc,1:s,13:16:a@example.com,,", "\u00ff\u00fe garbage")) {
            Answer a = NetstringClient.raw(home.commands, "qmtp", bad);
            assertEquals(NetstringClient.quote(bad), new Answer(List.of(), true), a);
        }
        Answer after = NetstringClient.qmtp(home.commands, lf("Subject: after\n\n", "s@b.test", "after@example.com"));
        assertTrue(after.toString(), OK.matcher(after.replies().get(0)).matches());
    }

    @Test
    public void g_aClientThatVanishesMidPackageQueuesNothing() throws Exception {
        Package p = lf("Subject: vanished\n\n" + "body line\n".repeat(1000), "s@b.test", "vanished@example.com");
        NetstringClient.vanish(home.commands, p, 5000);
        NetstringClient.vanish(home.commands, p, 10_030);
        home.assertNotQueued("vanished@example.com");
    }

    @Test
    public void h_tcpQmtpSetsRelayClientAndDatabytes() throws Exception {
        Files.writeString(home.control.resolve("tcp.qmtp"), "127.:allow,RELAYCLIENT=\"\",DATABYTES=\"100\"\n");
        home.ctl("cdb");
        Answer relayed = NetstringClient.qmtp(home.commands, lf("Subject: relay\n\n", "s@b.test", "far@evil.test"));
        assertTrue(relayed.toString(), OK.matcher(relayed.replies().get(0)).matches());
        assertEquals("remote", home.queuedTo("far@evil.test").recipients().get(0).channel());
        Answer big = NetstringClient.qmtp(home.commands, lf("x".repeat(101), "s@b.test", "big@example.com"),
                new Package("\r", "y\r\n".repeat(50) + "z", "s@b.test", List.of("bigcr@example.com")),
                new Package("\r", "y\r\n".repeat(50), "s@b.test", List.of("fitscr@example.com")));
        String databytes = "Dsorry, that message size exceeds my databytes limit (#5.3.4)";
        assertEquals(databytes, big.replies().get(0));
        assertEquals("101 bytes once CR LF became LF", databytes, big.replies().get(1));
        assertTrue(big.toString(), OK.matcher(big.replies().get(2)).matches());
        home.assertNotQueued("big@example.com");
        home.assertNotQueued("bigcr@example.com");
        Files.delete(home.control.resolve("tcp.qmtp"));
        Files.delete(home.control.resolve("tcp.qmtp.cdb"));
    }
}

package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.NetstringClient.Answer;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * The distribution's QMQP listener (qmail-qmqpd(8)) with a Python QMQP client, and the injection tools
 * {@code bin/forward} and {@code bin/condredirect} (forward(1), condredirect(1)) run as a .qmail program
 * line runs them, with nothing in their environment but PATH, the qmail-command variables,
 * TESSERA_HOME and TESSERA_QMQP_PORT: the queued message's sender, recipients and DTLINE on top;
 * a tcp.qmqp rule that admits another address only, and a stopped server (exit 111).
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class QmqpIT {

    private static final Pattern OK = Pattern.compile("Kok \\d+ qp (\\d+)");
    private static final String DTLINE = "Delivered-To: alias-list@example.com\n";
    private static final String MESSAGE = "Subject: forwarded\n\nthe body\n";

    @ClassRule
    public static final SmtpHome home = new SmtpHome("qmqp-home");

    @Test
    public void a_anyDestinationIsQueuedVerbatimAndTheConnectionCloses() throws Exception {
        Answer a = NetstringClient.qmqp(home.commands, "Subject: q\r\n\r\nkept\r\n", "q@b.test",
                List.of("far@evil.test", "near@example.com"));
        assertEquals(a.toString(), 1, a.replies().size());
        assertTrue(a.toString(), OK.matcher(a.replies().get(0)).matches());
        assertTrue("closed after the answer", a.closed());
        Message m = home.queuedTo("far@evil.test");
        assertEquals("q@b.test", m.sender());
        assertEquals(List.of(new QueueListing.Recipient("remote", "far@evil.test"),
                new QueueListing.Recipient("local", "near@example.com")), m.recipients());
        Result show = home.ctl("queue-show", Long.toString(m.id()));
        assertTrue(show.out(), show.out().matches("(?s).*\nheader:\n"
                + "  Received: \\(qmail \\d+ invoked from network\\); [^\n]+\n"
                + "  Received: from unknown \\(127\\.0\\.0\\.1\\)\n    by mx\\.tessera\\.test with QMQP; [^\n]+\n"
                + "  Subject: q\r?\n.*"));
    }

    @Test
    public void b_anAddressItCannotTakeRefusesTheWholeMessage() throws Exception {
        String refused = "Dsorry, I can't accept addresses like that (#5.1.3)";
        assertEquals(new Answer(List.of(refused), true),
                NetstringClient.qmqp(home.commands, "x\n", "s".repeat(1000), List.of("long-sender@example.com")));
        assertEquals(new Answer(List.of(refused), true), NetstringClient.qmqp(home.commands, "x\n", "s@b.test",
                List.of("nul-rcpt@example.com", "n\0l@example.com")));
        home.assertNotQueued("long-sender@example.com");
        home.assertNotQueued("nul-rcpt@example.com");
    }

    @Test
    public void c_badInputEndsTheSessionWithoutAnAnswer() throws Exception {
        for (String bad : List.of("x:", "10:2:ab,0:,;", "8:2:ab,0:,5:abcde,,", "5:6:abcdef,,", "0:,", "9:2:ab;0:,,")) {
            assertEquals(NetstringClient.quote(bad), new Answer(List.of(), true),
                    NetstringClient.raw(home.commands, "qmqp", bad));
        }
    }

    @Test
    public void d_forwardQueuesDtlineAndTheMessageWithNewsender() throws Exception {
        Path message = Files.writeString(home.commands.home.resolve("message"), MESSAGE);
        Result r = tool(message, List.of("NEWSENDER=owner@example.com", "SENDER=orig@b.test", "DTLINE=" + DTLINE),
                "forward", "fwd1@example.com", "fwd2@evil.test");
        Matcher qp = Pattern.compile("forward: qp (\\d+)\n").matcher(r.out());
        assertTrue(r.toString(), r.exit() == 0 && qp.matches());
        Message m = home.queuedTo("fwd1@example.com");
        assertEquals("owner@example.com", m.sender());
        assertEquals(List.of(new QueueListing.Recipient("local", "fwd1@example.com"),
                new QueueListing.Recipient("remote", "fwd2@evil.test")), m.recipients());
        Result show = home.ctl("queue-show", Long.toString(m.id()));
        assertTrue(show.out(), show.out().contains("  qp:      " + qp.group(1) + "  uid "));
        assertTrue(show.out(), show.out().matches("(?s).*with QMQP; [^\n]+\n  Delivered-To: alias-list@example\\.com\n"
                + "  Subject: forwarded\n.*"));

        assertEquals(new Result(100, "forward: fatal: NEWSENDER not set\n"),
                tool(message, List.of("DTLINE=" + DTLINE), "forward", "x@example.com"));
        assertEquals(new Result(100, "forward: fatal: DTLINE not set\n"),
                tool(message, List.of("NEWSENDER=a@b.test"), "forward", "x@example.com"));
        assertEquals(100, tool(message, List.of(), "forward").exit());
    }

    @Test
    public void e_condredirectRedirectsWhenTheProgramSaysSoWithSender() throws Exception {
        Path message = Files.writeString(home.commands.home.resolve("message"), MESSAGE);
        List<String> env = List.of("NEWSENDER=owner@example.com", "SENDER=orig@b.test", "DTLINE=" + DTLINE);
        Result r = tool(message, env, "condredirect", "redirected@example.com", "grep", "-q", "forwarded");
        Matcher qp = Pattern.compile("condredirect: qp (\\d+)\n").matcher(r.out());
        assertTrue(r.toString(), r.exit() == 99 && qp.matches());
        Message m = home.queuedTo("redirected@example.com");
        assertEquals("orig@b.test", m.sender());
        assertEquals(1, m.recipients().size());
        Result show = home.ctl("queue-show", Long.toString(m.id()));
        assertTrue("the whole message, rewound after grep read it: " + show.out(),
                show.out().matches("(?s).*\n  Delivered-To: alias-list@example\\.com\n  Subject: forwarded\n.*"));

        assertEquals(new Result(0, ""), tool(message, env, "condredirect", "not-taken@example.com", "grep", "-q", "absent"));
        assertEquals(new Result(0, ""), tool(message, env, "condredirect", "not-taken@example.com", "/no/such/program"));
        assertEquals(new Result(111, "condredirect: fatal: temporary child error\n"),
                tool(message, env, "condredirect", "not-taken@example.com", "sh", "-c", "exit 111"));
        assertEquals(100, tool(message, env, "condredirect", "only-an-address@example.com").exit());
        home.assertNotQueued("not-taken@example.com");
    }

    @Test
    public void f_aRuleForAnotherAddressShutsLoopbackOut() throws Exception {
        Files.writeString(home.control.resolve("tcp.qmqp"), "10.0.0.1:allow\n:deny\n");
        home.ctl("cdb");
        assertEquals(new Answer(List.of(), true),
                NetstringClient.qmqp(home.commands, "x\n", "s@b.test", List.of("denied@example.com")));
        Path message = Files.writeString(home.commands.home.resolve("message"), MESSAGE);
        Result r = tool(message, List.of("NEWSENDER=a@b.test", "DTLINE=" + DTLINE), "forward", "denied@example.com");
        assertEquals(r.toString(), 111, r.exit());
        assertTrue(r.out(), r.out().startsWith("forward: fatal: "));
        Files.delete(home.control.resolve("tcp.qmqp"));
        Files.delete(home.control.resolve("tcp.qmqp.cdb"));
        home.assertNotQueued("denied@example.com");
    }

    @Test
    public void z_withTheServerStoppedTheToolsFailTemporarily() throws Exception {
        Path message = Files.writeString(home.commands.home.resolve("message"), MESSAGE);
        Result stop = home.commands.tessera(60, "stop");
        assertEquals(stop.toString(), 0, stop.exit());
        Result r = tool(message, List.of("NEWSENDER=a@b.test", "DTLINE=" + DTLINE), "forward", "x@example.com");
        assertEquals(new Result(111, "forward: fatal: connection to mail server rejected (#4.4.1); is the server"
                + " running? (QMQP 127.0.0.1:" + home.commands.qmqpPort + ")\n"), r);
        Result c = tool(message, List.of("SENDER=a@b.test", "DTLINE=" + DTLINE), "condredirect", "x@example.com", "true");
        assertEquals(c.toString(), 111, c.exit());
        assertTrue(c.out(), c.out().startsWith("condredirect: fatal: connection to mail server rejected (#4.4.1)"));
    }

    // As program delivery runs it: an environment of PATH, the qmail-command variables, TESSERA_HOME and
    // TESSERA_QMQP_PORT only, and the message file on standard input.
    private static Result tool(Path message, List<String> variables, String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("env", "-i",
                "PATH=" + Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin",
                "TESSERA_HOME=" + home.commands.home, "TESSERA_QMQP_PORT=" + home.commands.qmqpPort));
        command.addAll(variables);
        command.add(home.commands.bin(name));
        command.addAll(List.of(args));
        return home.commands.run(60, command, message);
    }
}

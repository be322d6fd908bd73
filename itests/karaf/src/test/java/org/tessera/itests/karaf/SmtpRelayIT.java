package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.QueueListing.Message;
import org.tessera.itests.karaf.QueueListing.Recipient;

/**
 * Who may relay through the distribution's SMTP listener (qmail-smtpd(8), tcprules(1)): the classic
 * relay tricks against {@code rcpthosts} never put a remote recipient into the queue;
 * {@code localiphost} turns this host's address literal into a local domain; a
 * {@code control/tcp.smtp} rule compiled with {@code ctl cdb} sets {@code RELAYCLIENT} (which then
 * opens relaying and is appended to each recipient), denies a client before the greeting, or sets
 * {@code DATABYTES} over {@code control/databytes}; and with the relay-policy bundle stopped RCPT
 * fails closed with 451, also in a session opened before, which works again once it is started.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SmtpRelayIT {

    private static final String ME = SmtpHome.ME;
    private static final String OK = "250 ok\r\n";
    private static final String NOT_IN_RCPTHOSTS =
            "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\r\n";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("smtp-relay-home");

    @Test
    public void a_relayTricksNeverQueueARemoteRecipient() throws Exception {
        // RCPT address -> the recipient accepted (as parsed, and as the queue lists it: without an @ it gets
        // @envnoathost, here control/me), or null for qmail's 553.
        Map<String, String> battery = new LinkedHashMap<>();
        battery.put("<u@evil.test>", null);
        battery.put("u@evil.test", null);
        battery.put("<U@EVIL.TEST>", null);
        battery.put("<@example.com:u@evil.test>", null);
        battery.put("<@example.com,@example.com:u@evil.test>", null);
        battery.put("<u@example.com@evil.test>", null);
        battery.put("<\"u@example.com\"@evil.test>", null);
        battery.put("<u@evil.test%example.com>", null);
        battery.put("<u@example.com.>", null);
        battery.put("<u@sub.example.com>", null);
        battery.put("<u@example.com.evil.test>", null);
        battery.put("<u@[127.0.0.1]>", null);
        battery.put("<u@[10.11.12.13]>", null);
        battery.put("<u@>", null);
        battery.put("<u%evil.test@example.com>", "u%evil.test@example.com");
        battery.put("<evil.test!u@example.com>", "evil.test!u@example.com");
        battery.put("<\"u@evil.test\"@example.com>", "u@evil.test@example.com");
        battery.put("<u\\@evil.test@example.com>", "u@evil.test@example.com");
        battery.put("<u@evil.test@example.com>", "u@evil.test@example.com");
        battery.put("<@evil.test:route@example.com>", "route@example.com");
        battery.put("<case@EXAMPLE.COM>", "case@EXAMPLE.COM");
        battery.put("<Case@eXaMpLe.CoM>", "Case@eXaMpLe.CoM");
        battery.put("<nodomain%evil.test>", "nodomain%evil.test@" + ME);
        battery.put("<postmaster>", "postmaster@" + ME);
        battery.put("<battery-marker@example.com>", "battery-marker@example.com");
        List<String> accepted = new ArrayList<>();
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<relay@evil.test>"));
            for (Map.Entry<String, String> t : battery.entrySet()) {
                assertEquals(t.getKey(), t.getValue() == null ? NOT_IN_RCPTHOSTS : OK,
                        c.command("RCPT TO:" + t.getKey()));
                if (t.getValue() != null) {
                    accepted.add(t.getValue());
                }
            }
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: relay battery\r\n\r\n.\r\n");
            String reply = c.reply();
            assertTrue(SmtpClient.printable(reply), SmtpHome.QUEUED.matcher(reply).matches());
        }
        List<Message> listing = QueueListing.awaitRecipient(smtp.commands, "battery-marker@example.com");
        Message m = QueueListing.only(listing, "battery-marker@example.com").orElseThrow();
        assertEquals(accepted, m.recipients().stream().map(Recipient::address).toList());
        assertNoRemoteRecipient(listing);
    }

    @Test
    public void b_localiphostMakesOurAddressLiteralLocal() throws Exception {
        // Without control/localiphost the literal becomes control/me, which is not in rcpthosts (test a).
        Files.writeString(smtp.control.resolve("localiphost"), "example.com\n");
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<lit@[127.0.0.1]>"));
            assertEquals(OK, c.command("RCPT TO:<literal@[127.0.0.1]>"));
            assertEquals(NOT_IN_RCPTHOSTS, c.command("RCPT TO:<literal@[10.11.12.13]>"));
            assertEquals(NOT_IN_RCPTHOSTS, c.command("RCPT TO:<literal@[127.0.0.1].>"));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: literal\r\n\r\n.\r\n");
            String reply = c.reply();
            assertTrue(SmtpClient.printable(reply), SmtpHome.QUEUED.matcher(reply).matches());
        } finally {
            Files.delete(smtp.control.resolve("localiphost"));
        }
        List<Message> listing = QueueListing.awaitRecipient(smtp.commands, "literal@example.com");
        Message m = QueueListing.only(listing, "literal@example.com").orElseThrow();
        assertEquals("lit@example.com", m.sender());
        assertEquals(List.of(new Recipient("local", "literal@example.com")), m.recipients());
        assertNoRemoteRecipient(listing);
        // Removed again: the next connection reads the file's absence.
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<>"));
            assertEquals(NOT_IN_RCPTHOSTS, c.command("RCPT TO:<literal@[127.0.0.1]>"));
        }
    }

    @Test
    public void c_percenthackRelaysOnlyWhenItListsTheDomain() throws Exception {
        // qmail-send's percent hack (qmail-send(8)): what the operator allows, and only then, is relayed.
        Files.writeString(smtp.control.resolve("percenthack"), "example.com\n");
        reload();
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            String reply = c.transaction("pct@b.test", List.of("percent%evil.test@example.com"), "Subject: %\r\n\r\n");
            assertTrue(SmtpClient.printable(reply), SmtpHome.QUEUED.matcher(reply).matches());
        } finally {
            Files.delete(smtp.control.resolve("percenthack"));
            reload();
        }
        // The queue lists the recipient as qmail-send rewrote it.
        Message m = smtp.queuedTo("percent@evil.test");
        assertEquals("pct@b.test", m.sender());
        assertEquals(List.of(new Recipient("remote", "percent@evil.test")), m.recipients());
    }

    @Test
    public void d_relayclientFromTcpSmtpOpensRelaying() throws Exception {
        try (SmtpClient before = SmtpClient.greeted(smtp.port)) {
            rules("127.:allow,RELAYCLIENT=\"\"\n:allow\n");
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                assertEquals(OK, c.command("MAIL FROM:<rc@b.test>"));
                assertEquals(OK, c.command("RCPT TO:<relayed@evil.test>"));
                assertEquals(OK, c.command("RCPT TO:<relayed-local@example.com>"));
                assertEquals("354 go ahead\r\n", c.command("DATA"));
                c.send("Subject: relayed\r\n\r\n.\r\n");
                String reply = c.reply();
                assertTrue(SmtpClient.printable(reply), SmtpHome.QUEUED.matcher(reply).matches());
            }
            // The rule applies from the next connection on: an open session keeps what it had.
            assertEquals(OK, before.command("MAIL FROM:<rc@b.test>"));
            assertEquals(NOT_IN_RCPTHOSTS, before.command("RCPT TO:<not-relayed@evil.test>"));
        }
        Message m = smtp.queuedTo("relayed@evil.test");
        assertEquals(List.of(new Recipient("remote", "relayed@evil.test"),
                new Recipient("local", "relayed-local@example.com")), m.recipients());
    }

    @Test
    public void e_relayclientValueIsAppendedToEachRecipient() throws Exception {
        rules("127.:allow,RELAYCLIENT=\"@fix.me\"\n:allow\n");
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            String reply = c.transaction("fix@b.test", List.of("u@x.test", "v@example.com", "w"),
                    "Subject: fix\r\n\r\n");
            assertTrue(SmtpClient.printable(reply), SmtpHome.QUEUED.matcher(reply).matches());
        }
        Message m = smtp.queuedTo("u@x.test@fix.me");
        assertEquals(List.of(new Recipient("remote", "u@x.test@fix.me"),
                new Recipient("remote", "v@example.com@fix.me"), new Recipient("remote", "w@fix.me")), m.recipients());
        assertEquals("fix@b.test", m.sender());
    }

    @Test
    public void f_aDenyRuleClosesTheConnectionWithoutGreeting() throws Exception {
        rules("127.0.0.1:deny\n:allow\n");
        for (int i = 0; i < 3; i++) {
            try (SmtpClient c = new SmtpClient(smtp.port)) {
                assertTrue(c.closedByServer());
            }
        }
        Path log = smtp.commands.home.resolve("log/current");
        assertTrue(awaitLog(log, l -> l.contains(" tcpserver: deny ") && l.contains(":127.0.0.1:")));
        rules(":allow\n");
        try (SmtpClient c = new SmtpClient(smtp.port)) {
            assertEquals("220 " + ME + " ESMTP\r\n", c.reply());
        }
    }

    @Test
    public void g_databytesFromTheRuleOverridesControlDatabytes() throws Exception {
        String message = "Subject: size\r\n\r\n" + "x".repeat(200) + "\r\n";
        String over = "552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n";
        Files.writeString(smtp.control.resolve("databytes"), "50\n");
        try {
            rules("127.:allow,DATABYTES=\"1000\"\n");
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                String reply = c.transaction("db@b.test", List.of("rule-databytes-larger@example.com"), message);
                assertTrue(SmtpClient.printable(reply), SmtpHome.QUEUED.matcher(reply).matches());
            }
            rules("127.:allow,DATABYTES=\"100\"\n");
            Files.delete(smtp.control.resolve("databytes"));
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                assertEquals(over, c.transaction("db@b.test", List.of("rule-databytes-smaller@example.com"), message));
                String small = c.transaction("db@b.test", List.of("rule-databytes-small@example.com"),
                        "Subject: s\r\n\r\n");
                assertTrue(SmtpClient.printable(small), SmtpHome.QUEUED.matcher(small).matches());
            }
            // Without the variable, control/databytes again.
            Files.writeString(smtp.control.resolve("databytes"), "50\n");
            rules(":allow\n");
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                assertEquals(over, c.transaction("db@b.test", List.of("control-databytes@example.com"), message));
            }
        } finally {
            Files.deleteIfExists(smtp.control.resolve("databytes"));
        }
        List<Message> listing = smtp.sentinel();
        QueueListing.only(listing, "rule-databytes-larger@example.com").orElseThrow();
        QueueListing.only(listing, "rule-databytes-small@example.com").orElseThrow();
        assertEquals(List.of(), QueueListing.to(listing, "rule-databytes-smaller@example.com"));
        assertEquals(List.of(), QueueListing.to(listing, "control-databytes@example.com"));
    }

    @Test
    public void h_withoutRelayPolicyRcptIs451AndAnOpenSessionSurvivesTheSwap() throws Exception {
        String noPolicy = "451 no relay policy is running; try again later (#4.3.0)\r\n";
        try (SmtpClient open = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, open.command("MAIL FROM:<swap@b.test>"));
            assertEquals(OK, open.command("RCPT TO:<before-swap@example.com>"));
            ctl("bundle:stop", "org.tessera.relay.policy");
            try {
                try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                    assertEquals(OK, c.command("MAIL FROM:<nopolicy@b.test>"));
                    assertEquals(noPolicy, c.command("RCPT TO:<no-policy@example.com>"));
                    assertEquals(noPolicy, c.command("RCPT TO:<no-policy@evil.test>"));
                    assertEquals("503 RCPT first (#5.5.1)\r\n", c.command("DATA"));
                }
                assertEquals(noPolicy, open.command("RCPT TO:<during-swap@example.com>"));
                assertEquals(noPolicy, open.command("RCPT TO:<during-swap@evil.test>"));
            } finally {
                ctl("bundle:start", "org.tessera.relay.policy");
            }
            // The policy service comes back asynchronously (SCR): wait until a new session sees it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String reply;
            do {
                try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                    c.command("MAIL FROM:<probe@b.test>");
                    reply = c.command("RCPT TO:<probe@example.com>");
                }
                if (!reply.equals(OK)) {
                    assertEquals(noPolicy, reply);
                    Thread.sleep(200);
                }
            } while (!reply.equals(OK) && System.nanoTime() < deadline);
            assertEquals(OK, reply);
            assertEquals(OK, open.command("RCPT TO:<after-swap@example.com>"));
            assertEquals(NOT_IN_RCPTHOSTS, open.command("RCPT TO:<after-swap@evil.test>"));
            assertEquals("354 go ahead\r\n", open.command("DATA"));
            open.send("Subject: across the swap\r\n\r\n.\r\n");
            String queued = open.reply();
            assertTrue(SmtpClient.printable(queued), SmtpHome.QUEUED.matcher(queued).matches());
        }
        List<Message> listing = QueueListing.awaitRecipient(smtp.commands, "after-swap@example.com");
        Message m = QueueListing.only(listing, "after-swap@example.com").orElseThrow();
        assertEquals(List.of(new Recipient("local", "before-swap@example.com"),
                new Recipient("local", "after-swap@example.com")), m.recipients());
        assertEquals(List.of(), QueueListing.to(listing, "no-policy@example.com"));
    }

    @Test
    public void i_rcpthostsAndBadmailfromAreReadAtEachConnectionWithoutReload() throws Exception {
        Path rcpthosts = smtp.control.resolve("rcpthosts");
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<edit@b.test>"));
            assertEquals(NOT_IN_RCPTHOSTS, c.command("RCPT TO:<u@added.test>"));
        }
        Files.writeString(rcpthosts, "example.com\n.added.test\nadded.test\n");
        Files.writeString(smtp.control.resolve("badmailfrom"), "@spam.test\n");
        try {
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                assertEquals(OK, c.command("MAIL FROM:<edit@b.test>"));
                assertEquals(OK, c.command("RCPT TO:<u@added.test>"));
                assertEquals(OK, c.command("RCPT TO:<u@sub.added.test>"));
                assertEquals(OK, c.command("MAIL FROM:<edit@spam.test>"));
                assertEquals("553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)\r\n",
                        c.command("RCPT TO:<u@example.com>"));
            }
        } finally {
            Files.writeString(rcpthosts, "example.com\n");
            Files.delete(smtp.control.resolve("badmailfrom"));
        }
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals(OK, c.command("MAIL FROM:<edit@spam.test>"));
            assertEquals(NOT_IN_RCPTHOSTS, c.command("RCPT TO:<u@added.test>"));
            assertEquals(OK, c.command("RCPT TO:<u@example.com>"));
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** Every remote recipient in the queue is one a test allowed on purpose (RELAYCLIENT, percenthack). */
    private static void assertNoRemoteRecipient(List<Message> listing) {
        for (Message m : listing) {
            for (Recipient r : m.recipients()) {
                assertEquals(m + ": " + r, "local", r.channel());
            }
        }
    }

    /** Writes control/tcp.smtp and compiles it with {@code ctl cdb}, as an operator does. */
    private static void rules(String text) throws Exception {
        Files.writeString(smtp.control.resolve("tcp.smtp"), text);
        Result cdb = ctl("cdb");
        assertTrue(cdb.out(), cdb.out().contains("tcp.smtp.cdb: "));
    }

    private static Result ctl(String... args) throws Exception {
        return smtp.ctl(args);
    }

    private static void reload() throws Exception {
        smtp.reload();
    }

    static boolean awaitLog(Path log, java.util.function.Predicate<String> line) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        do {
            if (Files.exists(log) && Files.readAllLines(log).stream().anyMatch(line)) {
                return true;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return false;
    }
}

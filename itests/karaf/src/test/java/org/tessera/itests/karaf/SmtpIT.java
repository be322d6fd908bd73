package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.Assume;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * The SMTP listener of the assembled distribution against real clients (qmail-smtpd(8)): every reply
 * qmail-smtpd gives, byte for byte over a raw socket; qmail's address parsing,
 * seen in what the queue holds; Python's smtplib and swaks; pipelined commands answered in order;
 * badmailfrom, databytes, the hop limit and bare LF refused with nothing queued; and smtpgreeting
 * and databytes read at each new connection, without {@code ctl reload}. Bad input is
 * {@link SmtpBadInputIT}'s, relaying {@link SmtpRelayIT}'s.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SmtpIT {

    private static final String HOME = "smtp-home";

    static final String ME = SmtpHome.ME;
    static final Pattern QUEUED = SmtpHome.QUEUED;

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome(HOME);

    // ---------------------------------------------------------------------------------------------
    // The replies, byte for byte
    // ---------------------------------------------------------------------------------------------

    @Test
    public void a_everyFixedReplyByteForByte() throws Exception {
        try (SmtpClient c = new SmtpClient(smtp.port)) {
            assertEquals("220 " + ME + " ESMTP\r\n", c.reply());
            assertEquals("250 " + ME + "\r\n", c.command("HELO client.test"));
            assertEquals("250 " + ME + "\r\n", c.command("helo"));
            assertEquals("250-" + ME + "\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.command("EHLO client.test"));
            assertEquals("250-" + ME + "\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.command("ehlo"));
            assertEquals("250 flushed\r\n", c.command("RSET"));
            assertEquals("250 ok\r\n", c.command("NOOP"));
            assertEquals("250 ok\r\n", c.command("noop with arguments"));
            assertEquals("252 send some mail, i'll try my best\r\n", c.command("VRFY postmaster"));
            assertEquals("252 send some mail, i'll try my best\r\n", c.command("VRFY"));
            String help = c.command("HELP");
            assertTrue(help, help.matches("214 [^\r\n]+\r\n"));
            assertEquals(help, c.command("help me"));
            for (String unimplemented : List.of("EXPN postmaster", "TURN", "ETRN example.com", "AUTH LOGIN",
                    "AUTH PLAIN AGZvbwBiYXI=", "STARTTLS", "BDAT 10 LAST", "", " NOOP", "NOOP\tx", "HELO\tx",
                    "XYZZY", "MAILFROM:<a@b>", "SEND FROM:<a@b>", "SOML", "SAML", "QUITX")) {
                assertEquals(unimplemented, "502 unimplemented (#5.5.1)\r\n", c.command(unimplemented));
            }
            // A bare LF ends a command as well as CR LF does; only DATA refuses it.
            c.send("NOOP\n");
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("221 " + ME + "\r\n", c.command("QUIT"));
            assertTrue(c.closedByServer());
        }
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("221 " + ME + "\r\n", c.command("quit now"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    public void b_transactionOrder() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<u@example.com>"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("DATA"));
            // HELO is not required before MAIL.
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<s@b.test>"));
            assertEquals("503 RCPT first (#5.5.1)\r\n", c.command("DATA"));
            // A second MAIL replaces the first.
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<t@b.test>"));
            assertEquals("503 RCPT first (#5.5.1)\r\n", c.command("DATA"));
            // RSET, HELO and EHLO each end the transaction.
            for (String reset : List.of("RSET", "HELO x", "EHLO x")) {
                assertEquals("250 ok\r\n", c.command("MAIL FROM:<s@b.test>"));
                assertEquals("250 ok\r\n", c.command("RCPT TO:<u@example.com>"));
                c.command(reset);
                assertEquals(reset, "503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<u@example.com>"));
                assertEquals(reset, "503 MAIL first (#5.5.1)\r\n", c.command("DATA"));
            }
            // A refused recipient leaves no recipient behind.
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<s@b.test>"));
            assertEquals("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\r\n",
                    c.command("RCPT TO:<u@evil.test>"));
            assertEquals("503 RCPT first (#5.5.1)\r\n", c.command("DATA"));
        }
    }

    @Test
    public void c_addressesOver899BytesAre555() throws Exception {
        String longest = "u".repeat(899 - "@example.com".length()) + "@example.com";
        String over = "v" + longest;
        assertEquals(899, longest.length());
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("555 syntax error (#5.5.4)\r\n", c.command("MAIL FROM:<" + over + ">"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<u@example.com>"));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<" + longest + ">"));
            assertEquals("555 syntax error (#5.5.4)\r\n", c.command("RCPT TO:<" + over + ">"));
            // Counted after parsing: quotes and a source route do not count.
            assertEquals("250 ok\r\n", c.command("RCPT TO:<@route.test:\"" + longest + "\">"));
            assertEquals("555 syntax error (#5.5.4)\r\n", c.command("RCPT TO:" + over));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: long\r\n\r\nlong\r\n.\r\n");
            String reply = c.reply();
            assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
        }
        Message queued = smtp.queuedTo(longest);
        assertEquals(longest, queued.sender());
    }

    @Test
    public void d_aQueuedMessageIs250OkTimeQp() throws Exception {
        long before = Instant.now().getEpochSecond();
        String reply;
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            c.command("HELO client.test");
            reply = c.transaction("sender@b.test", List.of("d@example.com", "d2@EXAMPLE.com"),
                    "Subject: d\r\n\r\nline one\r\n..leading dot\r\n");
            assertEquals("221 " + ME + "\r\n", c.command("QUIT"));
        }
        long after = Instant.now().getEpochSecond();
        Matcher m = QUEUED.matcher(reply);
        assertTrue(SmtpClient.printable(reply), m.matches());
        long time = Long.parseLong(m.group(1));
        assertTrue(reply, time >= before && time <= after);

        Message message = smtp.queuedTo("d@example.com");
        assertEquals("sender@b.test", message.sender());
        assertEquals(List.of(new QueueListing.Recipient("local", "d@example.com"),
                new QueueListing.Recipient("local", "d2@EXAMPLE.com")), message.recipients());
        Result show = smtp.commands.tessera(60, "ctl", "queue-show", Long.toString(message.id()));
        assertEquals(show.toString(), 0, show.exit());
        assertTrue(show.out(), show.out().contains("  qp:      " + m.group(2) + "  uid "));
        assertTrue(show.out(), show.out().contains("  sender:  <sender@b.test>\n"));
        // qmail-smtpd's Received line, HELO differing from the unknown remote host, by control/me;
        // qmail-queue's own line above it.
        assertTrue(show.out(), show.out().matches("(?s).*\nheader:\n"
                + "  Received: \\(qmail \\d+ invoked from network\\); [^\n]+\n"
                + "  Received: from unknown \\(HELO client\\.test\\)"
                + " \\(127\\.0\\.0\\.1\\)\n    by mx\\.tessera\\.test with SMTP; \\d{1,2} [A-Z][a-z]{2} \\d{4}"
                + " \\d\\d:\\d\\d:\\d\\d -0000\n.*"));
        assertTrue(show.out(), show.out().contains("\n  Subject: d\n"));
    }

    // ---------------------------------------------------------------------------------------------
    // Address parsing, as queued
    // ---------------------------------------------------------------------------------------------

    @Test
    public void e_senderParsing() throws Exception {
        // MAIL argument -> the sender qmail-smtpd takes from it.
        Map<String, String> senders = new LinkedHashMap<>();
        senders.put("FROM:<a@b.test>", "a@b.test");
        senders.put("FROM:a1@b.test", "a1@b.test");
        senders.put("FROM: a2@b.test SIZE=100", "a2@b.test");
        senders.put("FROM:<a3@b.test> SIZE=100 BODY=8BITMIME", "a3@b.test");
        senders.put("FROM:<>", "");
        senders.put("FROM:", "");
        senders.put("FROM:<> BODY=8BITMIME", "");
        senders.put("from:<Mixed@Case.Test>", "Mixed@Case.Test");
        senders.put("TO:<words-never-checked@b.test>", "words-never-checked@b.test");
        senders.put("anything <a4@b.test>", "a4@b.test");
        senders.put("FROM:<@r1.test,@r2.test:routed@b.test>", "routed@b.test");
        senders.put("FROM:@r1.test:routed2@b.test", "routed2@b.test");
        senders.put("FROM:<\"quoted local\"@b.test>", "quoted local@b.test");
        senders.put("FROM:<\"a>b\"@b.test>", "a>b@b.test");
        senders.put("FROM:<back\\>slash@b.test>", "back>slash@b.test");
        senders.put("FROM:<back\\\\slash@b.test>", "back\\slash@b.test");
        senders.put("FROM:<unterminated@b.test", "unterminated@b.test");
        senders.put("FROM:<first@b.test><second@b.test>", "first@b.test");
        senders.put("no-colon-no-bracket@b.test", "");
        List<String> cases = new ArrayList<>(senders.keySet());
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            for (int i = 0; i < cases.size(); i++) {
                assertEquals(cases.get(i), "250 ok\r\n", c.command("MAIL " + cases.get(i)));
                assertEquals("250 ok\r\n", c.command("RCPT TO:<sender-case-" + i + "@example.com>"));
                assertEquals("354 go ahead\r\n", c.command("DATA"));
                c.send("Subject: " + i + "\r\n\r\n.\r\n");
                String reply = c.reply();
                assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
            }
        }
        String last = "sender-case-" + (cases.size() - 1) + "@example.com";
        List<Message> listing = QueueListing.awaitRecipient(smtp.commands, last);
        for (int i = 0; i < cases.size(); i++) {
            Message m = QueueListing.only(listing, "sender-case-" + i + "@example.com").orElseThrow();
            assertEquals(cases.get(i), senders.get(cases.get(i)), m.sender());
        }
    }

    @Test
    public void f_recipientParsing() throws Exception {
        // RCPT argument -> the recipient queued.
        Map<String, String> recipients = new LinkedHashMap<>();
        recipients.put("TO:<r1@example.com>", "r1@example.com");
        recipients.put("TO:r2@example.com", "r2@example.com");
        recipients.put("TO: r3@example.com NOTIFY=NEVER", "r3@example.com");
        recipients.put("to:<R4@Example.Com>", "R4@Example.Com");
        recipients.put("FROM:<r5@example.com>", "r5@example.com");
        recipients.put("TO:<@relay.test:r6@example.com>", "r6@example.com");
        recipients.put("TO:<@a.test,@b.test:r7@example.com>", "r7@example.com");
        recipients.put("TO:<\"r 8\"@example.com>", "r 8@example.com");
        recipients.put("TO:<r\\\"9@example.com>", "r\"9@example.com");
        recipients.put("TO:<\"r>10\"@example.com>", "r>10@example.com");
        recipients.put("TO:<r11@example.com", "r11@example.com");
        recipients.put("TO:<r12@example.com> ORCPT=rfc822;x@y", "r12@example.com");
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<rcpt-cases@b.test>"));
            for (String rcpt : recipients.keySet()) {
                assertEquals(rcpt, "250 ok\r\n", c.command("RCPT " + rcpt));
            }
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: recipients\r\n\r\n.\r\n");
            String reply = c.reply();
            assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
        }
        Message m = smtp.queuedTo("r1@example.com");
        assertEquals("rcpt-cases@b.test", m.sender());
        assertEquals(new ArrayList<>(recipients.values()),
                m.recipients().stream().map(QueueListing.Recipient::address).toList());
        assertTrue(m.toString(), m.recipients().stream().allMatch(r -> r.channel().equals("local")));
    }

    // ---------------------------------------------------------------------------------------------
    // Real clients, and pipelining
    // ---------------------------------------------------------------------------------------------

    @Test
    public void g_pythonSmtplib() throws Exception {
        requireTool("python3");
        String script = String.join("\n",
                "import smtplib, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.test', timeout=30)",
                "code, text = s.ehlo()",
                "print('ehlo', code, s.esmtp_features)",
                "refused = s.sendmail('py@b.test', ['py@example.com', 'py@evil.test'],",
                "    'Subject: from smtplib\\r\\n\\r\\nhello\\r\\n.leading dot\\r\\n')",
                "print('refused', refused)",
                "print('quit', s.quit())",
                "");
        Path file = Files.writeString(smtp.commands.home.resolve("smtplib_client.py"), script);
        Result r = smtp.commands.run(60, List.of("python3", file.toString(), Integer.toString(smtp.port)), null);
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("ehlo 250 {'pipelining': '', '8bitmime': ''}"));
        assertTrue(r.out(), r.out().contains("refused {'py@evil.test': (553, b\"sorry, that domain isn't in my list of"
                + " allowed rcpthosts (#5.7.1)\")}"));
        assertTrue(r.out(), r.out().contains("quit (221, b'" + ME + "')"));
        Message m = smtp.queuedTo("py@example.com");
        assertEquals("py@b.test", m.sender());
        assertEquals(1, m.recipients().size());
    }

    @Test
    public void h_swaks() throws Exception {
        requireTool("swaks");
        String server = "127.0.0.1:" + smtp.port;
        Result r = smtp.commands.run(120, List.of("swaks", "--server", server, "--helo", "client.test",
                "--from", "swaks@b.test", "--to", "swaks@example.com", "--timeout", "30",
                "--header", "Subject: from swaks", "--body", "hello from swaks"), null);
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.out(), Pattern.compile("<-  250 ok \\d+ qp \\d+").matcher(r.out()).find());
        Message m = smtp.queuedTo("swaks@example.com");
        assertEquals("swaks@b.test", m.sender());

        // A refused recipient makes swaks fail (exit 24: no recipient accepted), and nothing is queued.
        Result refused = smtp.commands.run(120, List.of("swaks", "--server", server, "--helo", "client.test",
                "--from", "swaks@b.test", "--to", "swaks-refused@evil.test", "--timeout", "30"), null);
        assertEquals(refused.toString(), 24, refused.exit());
        assertTrue(refused.out(), refused.out().contains(
                "<** 553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)"));
        smtp.assertNotQueued("swaks-refused@evil.test");
    }

    @Test
    public void i_pipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            c.send("EHLO client.test\r\nMAIL FROM:<pipe@b.test>\r\nRCPT TO:<pipe1@example.com>\r\n"
                    + "RCPT TO:<pipe@evil.test>\r\nRCPT TO:<pipe2@example.com>\r\nNOOP\r\nDATA\r\n");
            assertEquals("250-" + ME + "\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("354 go ahead\r\n", c.reply());
            // The message, its dot, a whole second transaction and QUIT in one write.
            c.send("Subject: pipelined\r\n\r\nfirst\r\n.\r\nMAIL FROM:<pipe@b.test>\r\nRCPT TO:<pipe3@example.com>\r\n"
                    + "DATA\r\nSubject: second\r\n\r\nsecond\r\n.\r\nRSET\r\nQUIT\r\nNOOP\r\n");
            String first = c.reply();
            assertTrue(SmtpClient.printable(first), QUEUED.matcher(first).matches());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("354 go ahead\r\n", c.reply());
            String second = c.reply();
            assertTrue(SmtpClient.printable(second), QUEUED.matcher(second).matches());
            assertEquals("250 flushed\r\n", c.reply());
            assertEquals("221 " + ME + "\r\n", c.reply());
            // Nothing after QUIT is answered.
            assertTrue(c.closedByServer());
        }
        List<Message> listing = QueueListing.awaitRecipient(smtp.commands, "pipe3@example.com");
        Message first = QueueListing.only(listing, "pipe1@example.com").orElseThrow();
        assertEquals(List.of("pipe1@example.com", "pipe2@example.com"),
                first.recipients().stream().map(QueueListing.Recipient::address).toList());
        assertEquals(1, QueueListing.only(listing, "pipe3@example.com").orElseThrow().recipients().size());
    }

    // ---------------------------------------------------------------------------------------------
    // Refusals: badmailfrom, databytes, hops, bare LF
    // ---------------------------------------------------------------------------------------------

    @Test
    public void j_badmailfromIsRefusedAtRcpt() throws Exception {
        Files.writeString(smtp.control.resolve("badmailfrom"), "bad@b.test\n@spam.test\n");
        smtp.reload();
        String refused = "553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)\r\n";
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            for (String sender : List.of("bad@b.test", "BAD@B.Test", "anyone@spam.test", "other@SPAM.TEST")) {
                assertEquals(sender, "250 ok\r\n", c.command("MAIL FROM:<" + sender + ">"));
                assertEquals(sender, refused, c.command("RCPT TO:<badmailfrom@example.com>"));
                // Refused before rcpthosts is consulted.
                assertEquals(sender, refused, c.command("RCPT TO:<badmailfrom@evil.test>"));
                assertEquals(sender, "503 RCPT first (#5.5.1)\r\n", c.command("DATA"));
            }
            // Neither a subdomain nor another local part at the domain of an address entry.
            for (String sender : List.of("bad@sub.b.test", "good@b.test", "x@sub.spam.test", "")) {
                assertEquals(sender, "250 ok\r\n", c.command("MAIL FROM:<" + sender + ">"));
                assertEquals(sender, "250 ok\r\n", c.command("RCPT TO:<badmailfrom-ok@example.com>"));
            }
        }
        smtp.assertNotQueued("badmailfrom@example.com");
        Files.delete(smtp.control.resolve("badmailfrom"));
        smtp.reload();
    }

    @Test
    public void k_databytesIs552AfterTheFinalDotAndNotAdvertised() throws Exception {
        Files.writeString(smtp.control.resolve("databytes"), "1000\n");
        smtp.reload();
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("250-" + ME + "\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.command("EHLO client.test"));
            // 999 bytes and a LF stored: exactly databytes, accepted.
            String exact = c.transaction("db@b.test", List.of("databytes-exact@example.com"), "a".repeat(999) + "\r\n");
            assertTrue(SmtpClient.printable(exact), QUEUED.matcher(exact).matches());

            assertEquals("250 ok\r\n", c.command("MAIL FROM:<db@b.test>"));
            assertEquals("250 ok\r\n", c.command("RCPT TO:<databytes-over@example.com>"));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("a".repeat(1000) + "\r\n" + "more text after the limit\r\n".repeat(100));
            // qmail reads the whole message before it answers.
            assertTrue(c.silentFor(1000));
            c.send(".\r\n");
            assertEquals("552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n", c.reply());
            // The session goes on.
            assertEquals("250 ok\r\n", c.command("NOOP"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<databytes-over@example.com>"));
        }
        smtp.assertNotQueued("databytes-over@example.com");
        QueueListing.only(QueueListing.read(smtp.commands), "databytes-exact@example.com").orElseThrow();
        Files.delete(smtp.control.resolve("databytes"));
        smtp.reload();
    }

    @Test
    public void l_aHundredHopsIs554() throws Exception {
        StringBuilder hops99 = new StringBuilder();
        for (int i = 0; i < 99; i++) {
            hops99.append(i % 3 == 0 ? "Delivered-To: x\r\n"
                    : i % 3 == 1 ? "Received: from x\r\n" : "RECEIVED-SPF: pass\r\n");
        }
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            String ok = c.transaction("hops@b.test", List.of("hops-99@example.com"), hops99 + "\r\nbody\r\n");
            assertTrue(SmtpClient.printable(ok), QUEUED.matcher(ok).matches());
            assertEquals("554 too many hops, this message is looping (#5.4.6)\r\n",
                    c.transaction("hops@b.test", List.of("hops-100@example.com"),
                            hops99 + "received: y\r\n\r\nbody\r\n"));
            // Only header lines count.
            String inBody = c.transaction("hops@b.test", List.of("hops-body@example.com"),
                    hops99 + "\r\nReceived: in the body\r\n");
            assertTrue(SmtpClient.printable(inBody), QUEUED.matcher(inBody).matches());
            assertEquals("250 ok\r\n", c.command("NOOP"));
        }
        smtp.assertNotQueued("hops-100@example.com");
    }

    @Test
    public void m_bareLfInDataIs451AndClose() throws Exception {
        for (String message : List.of("Subject: lf\nbody\r\n", "Subject: lf\r\nbody\n", "Subject: lf\r\n.\n",
                "Subject: lf\r\n\r\nbody\r\n..\nmore\r\n")) {
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                assertEquals("250 ok\r\n", c.command("MAIL FROM:<lf@b.test>"));
                assertEquals("250 ok\r\n", c.command("RCPT TO:<bare-lf@example.com>"));
                assertEquals("354 go ahead\r\n", c.command("DATA"));
                c.send(message + "\r\n.\r\nNOOP\r\n");
                assertEquals(SmtpClient.printable(message), "451 See https://cr.yp.to/docs/smtplf.html.\r\n",
                        c.reply());
                assertTrue(c.closedByServer());
            }
        }
        smtp.assertNotQueued("bare-lf@example.com");
    }

    // ---------------------------------------------------------------------------------------------
    // The per-connection control files, read at each connection as by qmail-smtpd
    // ---------------------------------------------------------------------------------------------

    @Test
    public void n_greetingAndDatabytesAreReadAtEachConnectionWithoutReload() throws Exception {
        try (SmtpClient old = SmtpClient.greeted(smtp.port)) {
            Files.writeString(smtp.control.resolve("smtpgreeting"), "greeting.test with more words\n");
            Files.writeString(smtp.control.resolve("databytes"), "10\n");
            try (SmtpClient c = new SmtpClient(smtp.port)) {
                assertEquals("220 greeting.test with more words ESMTP\r\n", c.reply());
                assertEquals("250 greeting.test with more words\r\n", c.command("HELO x"));
                assertEquals("552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n",
                        c.transaction("g@b.test", List.of("per-connection@example.com"), "more than ten bytes\r\n"));
                assertEquals("221 greeting.test with more words\r\n", c.command("QUIT"));
            }
            // A session keeps what it read at its start, as a qmail-smtpd process does.
            assertEquals("250 " + ME + "\r\n", old.command("HELO x"));
            String reply = old.transaction("g@b.test", List.of("per-connection-old@example.com"),
                    "more than ten bytes\r\n");
            assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
        } finally {
            Files.deleteIfExists(smtp.control.resolve("smtpgreeting"));
            Files.deleteIfExists(smtp.control.resolve("databytes"));
        }
        try (SmtpClient c = new SmtpClient(smtp.port)) {
            assertEquals("220 " + ME + " ESMTP\r\n", c.reply());
        }
        smtp.assertNotQueued("per-connection@example.com");
    }

    static void requireTool(String name) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", "command -v " + name).redirectErrorStream(true).start();
        boolean present = p.waitFor() == 0;
        p.getInputStream().readAllBytes();
        if (!present && Boolean.getBoolean("tessera.requireTools")) {
            throw new AssertionError(name + " is not installed and tessera.requireTools=true");
        }
        Assume.assumeTrue(name + " is not installed", present);
    }
}

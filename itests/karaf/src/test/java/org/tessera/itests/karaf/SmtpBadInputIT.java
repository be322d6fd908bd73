package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * Bad input to the distribution's SMTP listener (qmail-smtpd(8)), and what must survive it: a silent
 * client gets {@code 451 timeout} after {@code timeoutsmtpd}, also in DATA;
 * NUL bytes end a command and binary garbage gets 502s, the session going on; a client vanishing
 * mid-DATA leaves nothing queued and another session unharmed; {@code <LF>.<LF>}, {@code <CR>.<CR>}
 * and their kin never split one DATA into two messages (SMTP smuggling); a 16 MiB message and a
 * 2 MiB line stream through; with the queue bundle stopped DATA is {@code 451 qqt failure} and
 * the session queues again once it is back; an unreadable control file gives {@code 421}.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SmtpBadInputIT {

    private static final String HOME = "smtp-badinput-home";

    static final String ME = SmtpHome.ME;
    static final Pattern QUEUED = SmtpHome.QUEUED;

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome(HOME);

    @Test
    public void a_aSilentClientGets451TimeoutAfterTimeoutsmtpd() throws Exception {
        Files.writeString(smtp.control.resolve("timeoutsmtpd"), "2\n");
        smtp.reload();
        try {
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                long start = System.nanoTime();
                assertEquals("451 timeout (#4.4.2)\r\n", c.reply());
                double seconds = (System.nanoTime() - start) / 1e9;
                assertTrue(seconds + " s", seconds >= 1.5 && seconds < 10);
                assertTrue(c.closedByServer());
            }
            // Each read waits at most timeoutsmtpd: activity keeps the session, silence mid-DATA ends it.
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                long start = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    assertEquals("250 ok\r\n", c.command("NOOP"));
                    assertTrue(c.silentFor(1000));
                }
                assertTrue("the session outlived timeoutsmtpd", System.nanoTime() - start > 4_000_000_000L);
                assertEquals("250 ok\r\n", c.command("MAIL FROM:<slow@b.test>"));
                assertEquals("250 ok\r\n", c.command("RCPT TO:<timeout-in-data@example.com>"));
                assertEquals("354 go ahead\r\n", c.command("DATA"));
                c.send("Subject: half a message\r\n\r\nand then nothing");
                assertEquals("451 timeout (#4.4.2)\r\n", c.reply());
                assertTrue(c.closedByServer());
            }
        } finally {
            Files.delete(smtp.control.resolve("timeoutsmtpd"));
            smtp.reload();
        }
        smtp.assertNotQueued("timeout-in-data@example.com");
    }

    @Test
    public void b_nulBytesAndBinaryGarbageInCommands() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            // A NUL ends the command.
            assertEquals("250 ok\r\n", c.command("NOOP\0 and then anything"));
            assertEquals("502 unimplemented (#5.5.1)\r\n", c.command("NO\0OP"));
            assertEquals("502 unimplemented (#5.5.1)\r\n", c.command("\0NOOP"));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<nul@b.test>\0<ignored@b.test>"));
            assertEquals("250 ok\r\n", c.command("RCPT TO:<nul@example.com>\0 garbage \u00ff\u0001"));
            // Garbage: 300 lines of random bytes (no LF), none starting with a verb.
            Random random = new Random(20261201L);
            StringBuilder garbage = new StringBuilder();
            int lines = 300;
            for (int i = 0; i < lines; i++) {
                garbage.append('\u00ff');
                int length = random.nextInt(400);
                for (int j = 0; j < length; j++) {
                    int b = random.nextInt(256);
                    garbage.append((char) (b == '\n' ? 0 : b));
                }
                garbage.append(i % 2 == 0 ? "\r\n" : "\n");
            }
            c.send(garbage.toString());
            for (int i = 0; i < lines; i++) {
                assertEquals("garbage line " + i, "502 unimplemented (#5.5.1)\r\n", c.reply());
            }
            // Tessera's one command limit (16384 bytes; qmail has none): a protocol error, not a crash.
            byte[] huge = new byte[100_000];
            random.nextBytes(huge);
            for (int i = 0; i < huge.length; i++) {
                if (huge[i] == '\n') {
                    huge[i] = 'x';
                }
            }
            c.send(huge);
            c.send("\r\n");
            assertEquals("500 line too long (#5.5.2)\r\n", c.reply());
            // The transaction survived all of it.
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: after garbage\r\n\r\n\0\u00ff binary body\r\n.\r\n");
            String reply = c.reply();
            assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
        }
        Message m = smtp.queuedTo("nul@example.com");
        assertEquals("nul@b.test", m.sender());
    }

    @Test
    public void c_aClientVanishingMidDataLeavesNothingAndOthersGoOn() throws Exception {
        try (SmtpClient other = SmtpClient.greeted(smtp.port)) {
            assertEquals("250 ok\r\n", other.command("MAIL FROM:<other@b.test>"));
            assertEquals("250 ok\r\n", other.command("RCPT TO:<survivor@example.com>"));
            assertEquals("354 go ahead\r\n", other.command("DATA"));
            other.send("Subject: survivor\r\n\r\nfirst half\r\n");
            for (boolean reset : List.of(true, false)) {
                SmtpClient vanishing = SmtpClient.greeted(smtp.port);
                assertEquals("250 ok\r\n", vanishing.command("MAIL FROM:<gone@b.test>"));
                assertEquals("250 ok\r\n", vanishing.command("RCPT TO:<vanished@example.com>"));
                assertEquals("354 go ahead\r\n", vanishing.command("DATA"));
                vanishing.send("Subject: never finished\r\n\r\n" + "x".repeat(100_000) + "\r\n");
                if (reset) {
                    vanishing.abort();
                } else {
                    vanishing.socket().shutdownOutput();
                    assertTrue(vanishing.closedByServer());
                    vanishing.close();
                }
            }
            other.send("second half\r\n.\r\n");
            String reply = other.reply();
            assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
            assertEquals("250 ok\r\n", other.command("NOOP"));
        }
        smtp.assertNotQueued("vanished@example.com");
        QueueListing.only(QueueListing.read(smtp.commands), "survivor@example.com").orElseThrow();
    }

    @Test
    public void d_smugglingNeverSplitsOneDataIntoTwoMessages() throws Exception {
        String smuggled = "MAIL FROM:<smuggler@b.test>\r\nRCPT TO:<smuggled@example.com>\r\nDATA\r\n"
                + "Subject: smuggled\r\n\r\nsmuggled\r\n.\r\n";
        // Each: what ends the first "message" in the smuggler's eyes; whether the outer message is queued.
        Map<String, Boolean> endings = new LinkedHashMap<>();
        endings.put("\n.\n", false);
        endings.put("\r\n.\n", false);
        endings.put("\n.\r\n", false);
        endings.put("\r.\r", true);
        endings.put("\r.\r\n", true);
        endings.put("\r\n.\r", true);
        endings.put("\r\n.\rx", true);
        endings.put("\r\n\r.\r\r\n", true);
        endings.put("\n.\r", false);
        endings.put("\r\n.\u0000\r\n", true);
        endings.put("\r\n.\r\r\n", true);
        int i = 0;
        // Each ending in one write, then again a byte per write, so the server reads it across several reads.
        for (Map.Entry<String, Boolean> ending : twice(endings)) {
            boolean split = i >= endings.size();
            String outer = "smuggle-outer-" + i++ + "@example.com";
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                assertEquals("250 ok\r\n", c.command("MAIL FROM:<outer@b.test>"));
                assertEquals("250 ok\r\n", c.command("RCPT TO:<" + outer + ">"));
                assertEquals("354 go ahead\r\n", c.command("DATA"));
                // The smuggled part ends with CR LF . CR LF, which ends the outer message for a server that
                // does not take the smuggler's ending.
                if (split) {
                    c.send("Subject: outer\r\n\r\nouter text");
                    try {
                        for (char b : ending.getKey().toCharArray()) {
                            Thread.sleep(20);
                            c.send(String.valueOf(b));
                        }
                        Thread.sleep(20);
                        c.send(smuggled + "QUIT\r\n");
                    } catch (java.net.SocketException closed) {
                        // After a bare LF the server has answered 451 and closed: the rest is not for it.
                        assertFalse(SmtpClient.printable(ending.getKey()), ending.getValue());
                    }
                } else {
                    c.send("Subject: outer\r\n\r\nouter text" + ending.getKey() + smuggled + "QUIT\r\n");
                }
                String what = SmtpClient.printable(ending.getKey()) + (split ? " split" : "");
                if (ending.getValue()) {
                    String reply = c.reply();
                    assertTrue(what + ": " + SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
                    // The next reply is QUIT's: nothing after the smuggled dot was read as a command.
                    assertEquals(what, "221 " + ME + "\r\n", c.reply());
                } else {
                    assertEquals(what, "451 See https://cr.yp.to/docs/smtplf.html.\r\n", c.reply());
                }
                assertTrue(what, c.closedByServer());
            }
        }
        List<Message> listing = smtp.sentinel();
        assertEquals(List.of(), QueueListing.to(listing, "smuggled@example.com"));
        i = 0;
        for (Map.Entry<String, Boolean> ending : twice(endings)) {
            List<Message> outer = QueueListing.to(listing, "smuggle-outer-" + i++ + "@example.com");
            assertEquals(SmtpClient.printable(ending.getKey()), ending.getValue() ? 1 : 0, outer.size());
        }
    }

    private static <K, V> List<Map.Entry<K, V>> twice(Map<K, V> map) {
        List<Map.Entry<K, V>> both = new java.util.ArrayList<>(map.entrySet());
        both.addAll(map.entrySet());
        return both;
    }

    @Test
    public void e_aLargeMessageAndAVeryLongLineStreamThrough() throws Exception {
        // 16 MiB in 998-byte lines, then one line of 2 MiB: more than the listener buffers, so the
        // client is held back while the queue writes (qmail-smtpd has no line length limit).
        String line = "y".repeat(998) + "\r\n";
        int lines = 16 * 1024;
        String longLine = "z".repeat(2 * 1024 * 1024) + "\r\n";
        long stored = "Subject: large\n\n".length() + (long) lines * 999 + longLine.length() - 1;
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<large@b.test>"));
            assertEquals("250 ok\r\n", c.command("RCPT TO:<large@example.com>"));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            c.send("Subject: large\r\n\r\n");
            byte[] block = line.repeat(1024).getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; i < lines / 1024; i++) {
                c.send(block);
            }
            c.send(longLine + ".\r\n");
            String reply = c.reply();
            assertTrue(SmtpClient.printable(reply), QUEUED.matcher(reply).matches());
            assertEquals("250 ok\r\n", c.command("NOOP"));
        }
        Message m = smtp.queuedTo("large@example.com");
        // The stored message is the text as received plus the two Received lines.
        assertTrue(m.size() + " bytes, text " + stored, m.size() > stored && m.size() < stored + 1000);
    }

    @Test
    public void f_withoutTheQueueDataIs451QqtFailureAndTheLinesAreCommands() throws Exception {
        try (SmtpClient open = SmtpClient.greeted(smtp.port)) {
            assertEquals("250 ok\r\n", open.command("MAIL FROM:<qqt@b.test>"));
            assertEquals("250 ok\r\n", open.command("RCPT TO:<qqt@example.com>"));
            smtp.ctl("bundle:stop", "org.tessera.queue");
            try {
                assertEquals("451 qqt failure (#4.3.0)\r\n", open.command("DATA"));
                // No 354: what follows is read as commands, and the transaction is over.
                open.send("Subject: qqt\r\n\r\nNOOP\r\n.\r\n");
                assertEquals("502 unimplemented (#5.5.1)\r\n", open.reply());
                assertEquals("502 unimplemented (#5.5.1)\r\n", open.reply());
                assertEquals("250 ok\r\n", open.reply());
                assertEquals("502 unimplemented (#5.5.1)\r\n", open.reply());
                assertEquals("503 MAIL first (#5.5.1)\r\n", open.command("DATA"));
            } finally {
                smtp.ctl("bundle:start", "org.tessera.queue");
            }
            // The queue service comes back asynchronously (SCR): the open session queues once it is there.
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
            String reply;
            do {
                assertEquals("250 ok\r\n", open.command("MAIL FROM:<qqt@b.test>"));
                assertEquals("250 ok\r\n", open.command("RCPT TO:<qqt-after@example.com>"));
                reply = open.command("DATA");
                if (!reply.equals("354 go ahead\r\n")) {
                    assertEquals("451 qqt failure (#4.3.0)\r\n", reply);
                    Thread.sleep(200);
                }
            } while (!reply.equals("354 go ahead\r\n") && System.nanoTime() < deadline);
            assertEquals("354 go ahead\r\n", reply);
            open.send("Subject: after the queue came back\r\n\r\n.\r\n");
            String queued = open.reply();
            assertTrue(SmtpClient.printable(queued), QUEUED.matcher(queued).matches());
        }
        List<Message> listing = QueueListing.awaitRecipient(smtp.commands, "qqt-after@example.com");
        assertEquals(List.of(), QueueListing.to(listing, "qqt@example.com"));
        // What was queued before the restart is still there.
        QueueListing.only(listing, "large@example.com").orElseThrow();
    }

    @Test
    public void g_anUnreadableControlFileIs421() throws Exception {
        Path databytes = Files.createDirectory(smtp.control.resolve("databytes"));
        try {
            try (SmtpClient c = new SmtpClient(smtp.port)) {
                assertEquals("421 unable to read controls (#4.3.0)\r\n", c.reply());
                assertTrue(c.closedByServer());
            }
        } finally {
            Files.delete(databytes);
        }
        try (SmtpClient c = new SmtpClient(smtp.port)) {
            assertEquals("220 " + ME + " ESMTP\r\n", c.reply());
            assertEquals("250 ok\r\n", c.command("NOOP"));
        }
    }
}

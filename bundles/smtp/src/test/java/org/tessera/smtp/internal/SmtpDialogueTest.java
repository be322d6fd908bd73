package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.HeloPolicy;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.SenderPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.control.internal.ControlFilesForTests;
import org.tessera.listener.ListenerServices;

/**
 * The SMTP dialogue below the distribution: the listener on a free port of 127.0.0.1 with the real
 * control files and the real listener foundation, a queue that records what it is given, and
 * hooks written here. Covers what qmail-smtpd answers, and how hooks are asked: in ranking
 * order, with the transaction as it stands, and failing closed when they hang, throw or say
 * nothing.
 */
class SmtpDialogueTest {

    private static final Verdict RELAY_DENIED = new Verdict(Verdict.Outcome.REJECT, 553,
            "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");
    private static final String POLICY_FAILED = "451 relay policy failed; try again later (#4.3.0)";

    @TempDir
    Path home;

    private final RecordingQueue queue = new RecordingQueue();
    private final SmtpListener listener = new SmtpListener();
    private final Map<Object, Integer> rankings = new HashMap<>();
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path control = Files.createDirectories(home.resolve("control"));
        Files.writeString(control.resolve("me"), "mx.test\n");
        Files.writeString(control.resolve("rcpthosts"), "example.com\n");
        Files.writeString(control.resolve("badmailfrom"), "spammer@evil.test\n");
        listener.control = ControlFilesForTests.over(home);
        listener.queue = queue;
        listener.services = new ListenerServices();
        // What the relay-policy bundle answers: rcpthosts, ranked 0.
        bind(RelayPolicy.class, 0, (transaction, recipient) -> recipient.domain().equals("example.com")
                ? Verdict.ACCEPT : RELAY_DENIED);
        // Port 0 disables a listener: a free port is taken from the system first.
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        listener.activate(Converters.standardConverter().convert(Map.of("name", "smtp", "port", port,
                "hookTimeoutSeconds", 1L)).to(SmtpListenerConfiguration.class), null);
    }

    @AfterEach
    void stop() throws InterruptedException {
        listener.deactivate();
    }

    // As SCR sets a dynamic field's list: lowest ranking first (the rankings here differ).
    private <T> void bind(Class<T> kind, int ranking, T hook) {
        rankings.put(hook, ranking);
        if (kind == RelayPolicy.class) {
            listener.relayPolicies = ascending(listener.relayPolicies, (RelayPolicy) hook);
        } else if (kind == SenderPolicy.class) {
            listener.senderPolicies = ascending(listener.senderPolicies, (SenderPolicy) hook);
        } else {
            listener.heloPolicies = ascending(listener.heloPolicies, (HeloPolicy) hook);
        }
    }

    private <T> List<T> ascending(List<T> bound, T added) {
        List<T> all = new ArrayList<>(bound);
        all.add(added);
        all.sort(Comparator.comparingInt(rankings::get));
        return List.copyOf(all);
    }

    @Test
    void aWholeTransactionIsQueuedWithItsReceivedLineAndAcknowledged() throws Exception {
        try (Client c = new Client(port)) {
            assertEquals("220 mx.test ESMTP\r\n", c.reply());
            assertEquals("250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.command("EHLO client.test"));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<joe@client.test>"));
            assertEquals("250 ok\r\n", c.command("RCPT TO:<sue@example.com>"));
            assertEquals(RELAY_DENIED.code() + " " + RELAY_DENIED.text() + "\r\n", c.command("RCPT TO:<u@evil.test>"));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            String reply = c.command("Subject: hi\r\n\r\n..dot\r\nbody\r\n.");
            assertTrue(reply.matches("250 ok \\d+ qp 1\r\n"), reply);
            assertEquals("221 mx.test\r\n", c.command("QUIT"));
        }
        Envelope envelope = queue.envelopes.get(0);
        assertEquals(new MailAddress("joe", "client.test"), envelope.sender());
        assertEquals(List.of(new MailAddress("sue", "example.com")), envelope.recipients());
        String message = queue.messages.get(0);
        assertTrue(message.startsWith("Received: from unknown (HELO client.test) (127.0.0.1)\n  by mx.test with SMTP; "),
                message);
        assertTrue(message.endsWith("\nSubject: hi\n\n.dot\nbody\n"), message);
    }

    @Test
    void badmailfromIsAnsweredAtEachRcptAsQmailDoes() throws Exception {
        try (Client c = Client.greeted(port)) {
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<spammer@evil.test>"));
            assertEquals("553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)\r\n",
                    c.command("RCPT TO:<sue@example.com>"));
        }
    }

    @Test
    void aHeloPolicyRefusesAGreetingAndTheSessionKeepsTheNameItHad() throws Exception {
        List<MailTransaction> seenAtMail = new CopyOnWriteArrayList<>();
        bind(HeloPolicy.class, 0, (transaction, helo) -> helo.startsWith("[")
                ? new Verdict(Verdict.Outcome.REJECT, 550, "no address literals here (#5.7.1)") : Verdict.NO_OPINION);
        bind(SenderPolicy.class, 0, (transaction, sender) -> {
            seenAtMail.add(transaction);
            return Verdict.NO_OPINION;
        });
        try (Client c = Client.greeted(port)) {
            assertEquals("250 mx.test\r\n", c.command("HELO client.test"));
            assertEquals("550 no address literals here (#5.7.1)\r\n", c.command("HELO [192.0.2.1]"));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<joe@client.test>"));
        }
        assertEquals("client.test", seenAtMail.get(0).helo().orElseThrow());
        assertTrue(seenAtMail.get(0).sender().isEmpty(), "no sender before MAIL is taken");
    }

    @Test
    void aSenderPolicyRefusesMailAndThenThereIsNoTransaction() throws Exception {
        bind(SenderPolicy.class, 0, (transaction, sender) -> sender.domain().equals("forged.test")
                ? new Verdict(Verdict.Outcome.REJECT, 550, "SPF says no (#5.7.1)") : Verdict.NO_OPINION);
        try (Client c = Client.greeted(port)) {
            assertEquals("550 SPF says no (#5.7.1)\r\n", c.command("MAIL FROM:<joe@forged.test>"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<sue@example.com>"));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<>"));
            assertEquals("250 ok\r\n", c.command("RCPT TO:<sue@example.com>"));
        }
    }

    @Test
    void aPolicySeesTheSenderAndTheRecipientsTakenBefore() throws Exception {
        List<MailTransaction> seen = new CopyOnWriteArrayList<>();
        bind(RelayPolicy.class, 10, (transaction, recipient) -> {
            seen.add(transaction);
            return Verdict.NO_OPINION;
        });
        try (Client c = Client.greeted(port)) {
            c.command("MAIL FROM:<joe@client.test>");
            c.command("RCPT TO:<a@example.com>");
            c.command("RCPT TO:<b@example.com>");
        }
        assertEquals(new MailAddress("joe", "client.test"), seen.get(1).sender().orElseThrow());
        assertEquals(List.of(), seen.get(0).recipients());
        assertEquals(List.of(new MailAddress("a", "example.com")), seen.get(1).recipients());
        assertEquals("smtp", seen.get(1).client().listener());
        assertEquals("127.0.0.1", seen.get(1).client().remoteIp());
    }

    @Test
    void aPolicyPastItsDeadlineIs451AtOnceItsThreadIsInterruptedAndTheSessionGoesOn() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        bind(RelayPolicy.class, 10, (transaction, recipient) -> {
            if (recipient.local().equals("slow")) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
                return Verdict.ACCEPT;
            }
            return Verdict.NO_OPINION;
        });
        try (Client c = Client.greeted(port)) {
            c.command("MAIL FROM:<joe@client.test>");
            long start = System.nanoTime();
            assertEquals(POLICY_FAILED + "\r\n", c.command("RCPT TO:<slow@evil.test>"));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "answered at the deadline");
            assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the hung policy was interrupted");
            assertEquals("250 ok\r\n", c.command("RCPT TO:<sue@example.com>"));
        }
    }

    @Test
    void aPolicyThatThrowsOrSaysNothingIs451NeverAnAcceptance() throws Exception {
        bind(RelayPolicy.class, 10, (transaction, recipient) -> switch (recipient.local()) {
            case "throws" -> throw new IllegalStateException("database down");
            case "silent" -> null;
            default -> Verdict.NO_OPINION;
        });
        try (Client c = Client.greeted(port)) {
            c.command("MAIL FROM:<joe@client.test>");
            assertEquals(POLICY_FAILED + "\r\n", c.command("RCPT TO:<throws@evil.test>"));
            assertEquals(POLICY_FAILED + "\r\n", c.command("RCPT TO:<silent@evil.test>"));
        }
    }

    @Test
    void withoutAnyRelayPolicyRcptIsDeferred() throws Exception {
        listener.relayPolicies = List.of();
        try (Client c = Client.greeted(port)) {
            c.command("MAIL FROM:<joe@client.test>");
            assertEquals("451 no relay policy is running; try again later (#4.3.0)\r\n",
                    c.command("RCPT TO:<sue@example.com>"));
        }
    }

    @Test
    void pipelinedCommandsBehindASlowPolicyAreAnsweredInTheirOrder() throws Exception {
        bind(RelayPolicy.class, 10, (transaction, recipient) -> {
            if (recipient.local().equals("first")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Verdict.NO_OPINION;
        });
        try (Client c = Client.greeted(port)) {
            c.send("MAIL FROM:<joe@client.test>\r\nRCPT TO:<first@example.com>\r\nRCPT TO:<u@evil.test>\r\n"
                    + "RCPT TO:<second@example.com>\r\nDATA\r\n");
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals(RELAY_DENIED.code() + " " + RELAY_DENIED.text() + "\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("354 go ahead\r\n", c.reply());
            assertTrue(c.command("Subject: p\r\n\r\n.").startsWith("250 ok "));
        }
        assertEquals(List.of(new MailAddress("first", "example.com"), new MailAddress("second", "example.com")),
                queue.envelopes.get(0).recipients());
    }

    /** The queue's side of an injection: takes the whole message and answers as the queue does. */
}

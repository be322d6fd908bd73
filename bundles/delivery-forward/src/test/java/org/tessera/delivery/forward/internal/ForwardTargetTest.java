package org.tessera.delivery.forward.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.users.MailUser;
import org.tessera.queue.internal.QueueForTests;
import org.tessera.testkit.TestMessage;

/** The forward target injecting into a real queue in a temporary home, read back from the queue's store. */
@Timeout(60)
class ForwardTargetTest {

    private static final String MESSAGE = "Subject: hi\n\nhello\n";
    private static final String DTLINE = "Delivered-To: joe-list@example.com\n";
    private static final MailAddress NEW_SENDER = new MailAddress("joe-list-owner", "example.com");

    @TempDir
    Path home;

    private QueueForTests queue;
    private final ForwardTarget target = new ForwardTarget();

    @BeforeEach
    void start() {
        queue = new QueueForTests(home);
        MailQueue mailQueue = queue.queue();
        target.queue = use -> use.apply(mailQueue);
    }

    @AfterEach
    void stop() throws InterruptedException {
        queue.close();
    }

    private static Delivery delivery(MailUser user, List<String> forwards, MessageContent content) {
        Map<String, String> environment = new HashMap<>();
        for (String name : Delivery.REQUIRED_ENVIRONMENT) {
            environment.put(name, "");
        }
        environment.put(Delivery.ENV_DTLINE, DTLINE);
        return new Delivery(3, user, forwards, new MailAddress("sender", "example.org"),
                new MailAddress("joe-list", "example.com"), NEW_SENDER, environment, content);
    }

    private static MailUser user(String name, long uid) {
        return new MailUser(name, uid, 100, "/home/" + name, "-", "list");
    }

    // This queue numbers a message and its qp alike, so the qp of the result finds the stored message.
    private long queued(DeliveryResult result) {
        assertEquals(Outcome.SUCCESS, result.outcome(), result.text());
        assertTrue(result.text().matches("qp [1-9][0-9]*\n"), result.text());
        return Long.parseLong(result.text().substring(3).strip());
    }

    @Test
    void everyForwardGoesInOneMessageOfDeliveredToAndTheOriginal() throws Exception {
        List<String> forwards = List.of("bob@example.net", "\"odd user\"@example.org", "<angle@example.com>",
                "u@evil.test@example.com", "postmaster", "nodomain@");
        long qp = queued(target.deliver(delivery(user("joe", 1005), forwards, TestMessage.of(MESSAGE))));
        assertEquals(List.of(qp), queue.committed());
        QueueForTests.Stored stored = queue.stored(qp);
        assertEquals(new Envelope(NEW_SENDER, List.of(new MailAddress("bob", "example.net"),
                new MailAddress("\"odd user\"", "example.org"), new MailAddress("<angle", "example.com>"),
                new MailAddress("u@evil.test", "example.com"), new MailAddress("postmaster", ""),
                new MailAddress("nodomain", "", true))), stored.envelope());
        assertEquals(1005, stored.uid());
        String content = new String(stored.content(), StandardCharsets.UTF_8);
        assertTrue(content.matches("Received: \\(qmail " + qp + " invoked by uid 1005\\); [^\n]+\n"
                + DTLINE + MESSAGE), content);
        // The address without '@' is the queue's like any other: qmail-send's rewriting adds envnoathost.
        assertEquals("postmaster@envnoathost.example", queue.rewritten(qp, "envnoathost.example").get(4));
        // An '@' with nothing after it keeps its empty domain, as in qmail-send.
        assertEquals("nodomain@", queue.rewritten(qp, "envnoathost.example").get(5));
    }

    @Test
    void aliasUsersForwardIsInvokedByAlias() throws Exception {
        long qp = queued(target.deliver(delivery(user("alias", 7790), List.of("root@example.net"), TestMessage.of(MESSAGE))));
        QueueForTests.Stored stored = queue.stored(qp);
        assertEquals(7790, stored.uid());
        assertTrue(new String(stored.content(), StandardCharsets.UTF_8).startsWith("Received: (qmail " + qp + " invoked by alias); "));

        target.configure(Converters.standardConverter().convert(Map.of("aliasUser", "mailalias")).to(ForwardTargetConfiguration.class));
        long again = queued(target.deliver(delivery(user("alias", 7790), List.of("root@example.net"), TestMessage.of(MESSAGE))));
        assertTrue(new String(queue.stored(again).content(), StandardCharsets.UTF_8).startsWith("Received: (qmail " + again + " invoked by uid 7790); "));
    }

    @Test
    void queueRefusingForGoodIsPermanent() throws Exception {
        String tooLong = "x".repeat(1100) + "@example.net";
        assertEquals(new DeliveryResult(Outcome.PERMANENT, "Unable to forward message: envelope address too long for qq (#5.1.3).\n"),
                target.deliver(delivery(user("joe", 1005), List.of("ok@example.net", tooLong), TestMessage.of(MESSAGE))));
        assertEquals(List.of(), queue.committed());
    }

    @Test
    void messageThatCannotBeReadIsTemporaryAndQueuesNothing() throws Exception {
        MessageContent broken = TestMessage.failingAfter(new byte[0], 100);
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to forward message: qq read error (#4.3.0).\n"),
                target.deliver(delivery(user("joe", 1005), List.of("bob@example.net"), broken)));
        MessageContent unopenable = new MessageContent() {
            @Override
            public long size() {
                return 100;
            }

            @Override
            public InputStream open() throws IOException {
                throw new IOException("gone");
            }
        };
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to read message: gone. (#4.3.0)\n"),
                target.deliver(delivery(user("joe", 1005), List.of("bob@example.net"), unopenable)));
        assertEquals(List.of(), queue.committed());
    }

    @Test
    void stoppedQueueIsTemporary() throws Exception {
        queue.close();
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to forward message: qq trouble creating files in queue (#4.3.0).\n"),
                target.deliver(delivery(user("joe", 1005), List.of("bob@example.net"), TestMessage.of(MESSAGE))));
        queue = new QueueForTests(home);
    }

    @Test
    void noQueueIsTemporary() throws Exception {
        target.queue = use -> use.apply(null);
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to forward message: qq trouble creating files in queue (#4.3.0).\n"),
                target.deliver(delivery(user("joe", 1005), List.of("bob@example.net"), TestMessage.of(MESSAGE))));
    }
}

package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.queue.internal.SchedulerFixture.T0;
import static org.tessera.queue.internal.SchedulerFixture.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport.Outcome;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;

/** The scheduler delivering through real test channels: routing, waiting, logging, bounces. */
class SchedulerTest {

    static final MailAddress SENDER = MailAddress.parse("a@sender.org");
    static final DeliveryReport NO_MAILBOX =
            new DeliveryReport(Outcome.PERMANENT, "Sorry, no mailbox here by that name. (#5.1.1)\n");

    @TempDir
    Path home;

    private SchedulerFixture fixture;

    private SchedulerFixture start() {
        fixture = new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0));
        return fixture;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void theSpawnLimitCapsConcurrencyremoteAsConfSpawnDoes() throws Exception {
        for (int limit : new int[] {Scheduler.DEFAULT_SPAWN_LIMIT, 200}) {
            MemoryControlFiles controls = new MemoryControlFiles().locals("example.com");
            controls.concurrencyRemote = 250;
            Path dir = Files.createDirectories(home.resolve("limit-" + limit));
            try (SchedulerFixture f = new SchedulerFixture(dir, controls, new MutableClock(T0), "spawnLimit", limit)) {
                TestChannel remote = new TestChannel(Channel.REMOTE, call -> null);
                f.bind(remote);
                for (int i = 0; i < 300; i++) {
                    f.inject(SENDER, "r" + i + "@remote.test");
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (remote.calls().size() < limit && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                Thread.sleep(200);
                assertEquals(limit, remote.maxInFlight.get(), "at most the spawn limit at once");
                remote.releaseAll(TestChannel.OK);
            }
        }
    }

    @Test
    void localAndRemoteRecipientsGoToTheirChannels() throws Exception {
        SchedulerFixture f = start();
        TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
        TestChannel remote = new TestChannel(Channel.REMOTE, c -> TestChannel.OK);
        f.bind(local);
        f.bind(remote);
        f.inject(SENDER, "b@example.com", "c@elsewhere.net");
        await("both delivered", () -> local.calls().size() == 1 && remote.calls().size() == 1 && f.queueEmpty());
        assertEquals("b@example.com", local.calls().get(0).to());
        assertEquals("c@elsewhere.net", remote.calls().get(0).to());
        assertEquals(SENDER, remote.calls().get(0).sender());
    }

    @Test
    void withoutChannelTheMessageWaitsAndGoesWhenOneArrives() throws Exception {
        SchedulerFixture f = start();
        long id = f.inject(SENDER, "b@example.com");
        await("taken up", () -> f.queue.status().messages() == 1);
        Thread.sleep(100);
        QueuedMessage waiting = f.queue.message(id).orElseThrow();
        assertEquals(State.PENDING, waiting.recipients().get(0).state());
        assertEquals(Channel.LOCAL, waiting.recipients().get(0).channel());
        TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
        f.bind(local);
        await("delivered", () -> local.calls().size() == 1 && f.queueEmpty());
        assertTrue(f.queue.message(id).isEmpty());
    }

    @Test
    void successLogsQmailSendLinesInOrderAndRemovesTheMessage() throws Exception {
        SchedulerFixture f = start();
        f.bind(new TestChannel(Channel.LOCAL, c -> TestChannel.OK));
        long id = f.inject(SENDER, "b@example.com");
        await("ended", () -> f.log.contains("end msg " + id));
        List<String> lines = f.logFromFirstMessage();
        assertEquals(7, lines.size(), lines.toString());
        assertEquals("new msg " + id, lines.get(0));
        assertTrue(lines.get(1).matches("info msg " + id + ": bytes \\d+ from <a@sender.org> qp " + id + " uid \\d+"),
                lines.get(1));
        assertEquals(List.of("starting delivery 1: msg " + id + " to local b@example.com",
                "status: local 1/10 remote 0/20", "delivery 1: success: did_1+0+0/",
                "status: local 0/10 remote 0/20", "end msg " + id), lines.subList(2, 7));
        try (var files = java.nio.file.Files.list(home.resolve("queue/msg"))) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void verpSenderIsExpandedPerRecipient() throws Exception {
        SchedulerFixture f = start();
        TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
        f.bind(local);
        f.inject(new MailAddress("list-@example.org-", "[]"), "joe@example.com", "ann@example.com");
        await("delivered", () -> local.calls().size() == 2 && f.queueEmpty());
        List<String> senders = local.calls().stream().map(c -> c.sender().text()).sorted().toList();
        assertEquals(List.of("list-ann=example.com@example.org", "list-joe=example.com@example.org"), senders);
    }

    @Test
    void permanentFailureGivesExactlyOneBounceThenRemoval() throws Exception {
        SchedulerFixture f = start();
        f.bind(new TestChannel(Channel.LOCAL, c -> c.to().startsWith("b@") ? NO_MAILBOX : TestChannel.OK));
        long id = f.inject(SENDER, "b@example.com", "c@example.com");
        await("ended", () -> f.log.contains("end msg " + id));
        QueuedMessage bounce = onlyMessage(f);
        assertEquals(MailAddress.NULL_SENDER, bounce.sender());
        assertEquals(List.of(MailAddress.parse("a@sender.org")), bounce.recipients().stream().map(r -> r.address()).toList());
        String text = content(f, bounce.id());
        assertTrue(text.contains("To: a@sender.org\nSubject: failure notice\n\nHi. This is the qmail-send program at bouncehost.\n"), text);
        assertTrue(text.contains("<b@example.com>:\nSorry, no mailbox here by that name. (#5.1.1)\n\n--- Below this line is a copy of the message.\n\nReturn-Path: <a@sender.org>\nReceived: (qmail " + id), text);
        assertFalse(text.contains("<c@example.com>"), text);
        assertTrue(text.endsWith("Subject: test\n\nhello\n"), text);
        List<String> lines = f.logFromFirstMessage();
        int bounced = lines.indexOf("bounce msg " + id + " qp " + bounce.id());
        assertTrue(bounced > 0 && lines.indexOf("end msg " + id) == bounced + 1, lines.toString());
    }

    @Test
    void bounceOfABounceIsADoubleBounceToPostmaster() throws Exception {
        SchedulerFixture f = start();
        f.bind(new TestChannel(Channel.LOCAL, c -> NO_MAILBOX));
        long id = f.inject(MailAddress.NULL_SENDER, "b@example.com");
        await("ended", () -> f.log.contains("end msg " + id));
        QueuedMessage bounce = onlyMessage(f);
        assertEquals(MailAddress.DOUBLE_BOUNCE_SENDER, bounce.sender());
        assertEquals(MailAddress.parse("postmaster@doublebouncehost"), bounce.recipients().get(0).address());
        String text = content(f, bounce.id());
        assertTrue(text.contains("--- Below this line is the original bounce.\n\nReturn-Path: <>\n"), text);
    }

    @Test
    void failedDoubleBounceIsDiscarded() throws Exception {
        SchedulerFixture f = start();
        f.bind(new TestChannel(Channel.LOCAL, c -> NO_MAILBOX));
        long id = f.inject(MailAddress.DOUBLE_BOUNCE_SENDER, "b@example.com");
        await("ended", () -> f.log.contains("end msg " + id));
        List<String> lines = f.logFromFirstMessage();
        assertEquals(lines.indexOf("triple bounce: discarding bounce/" + id) + 1, lines.indexOf("end msg " + id));
        assertTrue(f.queueEmpty());
    }

    static QueuedMessage onlyMessage(SchedulerFixture f) throws Exception {
        await("the bounce taken up", () -> f.queue.status().messages() == 1);
        List<QueuedMessage> all = f.queue.messages();
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    static String content(SchedulerFixture f, long id) throws Exception {
        try (var in = f.queue.content(id).orElseThrow().open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

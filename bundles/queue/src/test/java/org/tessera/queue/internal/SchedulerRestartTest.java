package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.queue.internal.SchedulerFixture.T0;
import static org.tessera.queue.internal.SchedulerFixture.await;
import static org.tessera.queue.internal.SchedulerTest.SENDER;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;

/** A new QueueService over the same directory: recorded results hold, the rest is redone. */
class SchedulerRestartTest {

    @TempDir
    Path home;

    private SchedulerFixture open() {
        return new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0));
    }

    // For a run cut off with deliveries in flight, as a crash would: the stop does not wait for them.
    private SchedulerFixture openCutOff() {
        return new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0),
                "stopWaitSeconds", 0);
    }

    @Test
    void deferredRecipientWaitsForItsRecordedTimeAndIsNotAnnouncedAgain() throws Exception {
        long id;
        try (SchedulerFixture first = open()) {
            first.bind(new TestChannel(Channel.LOCAL, c -> SchedulerRetryTest.LATER));
            id = first.inject(SENDER, "b@example.com");
            await("deferral recorded", () -> first.queue.store().join().read(id).orElseThrow().nextAttempts().get(0)
                    == T0.plusSeconds(100).getEpochSecond());
        }
        try (SchedulerFixture second = open()) {
            TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
            second.bind(local);
            await("taken up", () -> second.queue.status().messages() == 1);
            second.queue.scheduler().wake();
            Thread.sleep(100);
            assertEquals(List.of(), local.calls(), "retried before its time");
            second.clock.advance(100);
            second.queue.scheduler().wake();
            await("ended", () -> second.log.contains("end msg " + id));
            assertTrue(second.log.stream().noneMatch(l -> l.startsWith("new msg " + id)), second.log.toString());
        }
    }

    @Test
    void stopWaitsForRunningDeliveryAndKeepsItsResult() throws Exception {
        long id;
        SchedulerFixture first = open();
        TestChannel held = new TestChannel(Channel.LOCAL, c -> null);
        first.bind(held);
        id = first.inject(SENDER, "b@example.com");
        await("delivering", () -> held.calls().size() == 1);
        Thread stopping = new Thread(() -> {
            try {
                first.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        stopping.start();
        stopping.join(300);
        assertTrue(stopping.isAlive(), "stopped while a delivery was running");
        held.releaseAll(TestChannel.OK);
        stopping.join(10_000);
        assertTrue(!stopping.isAlive());
        List<String> log = List.copyOf(first.log);
        int success = log.indexOf(log.stream().filter(l -> l.endsWith("success: did_1+0+0/")).findFirst().orElseThrow());
        assertTrue(success < log.indexOf("status: exiting"), log.toString());
        try (SchedulerFixture second = open()) {
            await("taken up", () -> second.log.stream().anyMatch(l -> l.startsWith("status:")));
            // status() runs on the scheduler's one thread, after the start that loads what recovery found.
            assertEquals(0, second.queue.status().messages(), "message " + id + " delivered again");
        }
    }

    @Test
    void damagedQueueFileIsLoggedAndCounted() throws Exception {
        long id;
        try (SchedulerFixture first = open()) {
            id = first.inject(SENDER, "b@example.com");
        }
        // A second start closes the first segment, so damage in it cannot pass for a crash's torn tail.
        open().close();
        Path segment = home.resolve("queue/log/1");
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 2] ^= 0x20;
        Files.write(segment, bytes);
        try (SchedulerFixture third = open()) {
            await("started", () -> third.log.stream().anyMatch(l -> l.startsWith("alert: queue log")));
            assertEquals(1, third.queue.status().damaged());
            assertEquals(0, third.queue.status().messages());
            assertTrue(Files.exists(home.resolve("queue/bad/log-1")));
            assertTrue(third.log.stream().anyMatch(l -> l.contains("damaged at byte 0")), third.log.toString());
        }
        assertTrue(id > 0);
    }

    @Test
    void restartRedeliversOnlyUnfinishedRecipients() throws Exception {
        long id;
        try (SchedulerFixture first = openCutOff()) {
            // The first recipient is delivered and recorded; the others are cut off mid-delivery.
            TestChannel held = new TestChannel(Channel.LOCAL, c -> c.to().startsWith("u0@") ? TestChannel.OK : null);
            first.bind(held);
            id = first.inject(SENDER, "u0@example.com", "u1@example.com", "u2@example.com");
            long msg = id;
            await("u0 recorded", () -> {
                try {
                    return first.queue.store().get().read(msg).orElseThrow().states().get(0) == State.DELIVERED
                            && held.calls().size() == 3;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        try (SchedulerFixture second = open()) {
            TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
            second.bind(local);
            await("ended", () -> second.log.contains("end msg " + id));
            List<String> delivered = local.calls().stream().map(TestChannel.Call::to).sorted().toList();
            assertEquals(List.of("u1@example.com", "u2@example.com"), delivered);
            assertTrue(second.queueEmpty());
        }
    }

    @Test
    void finishedButNotRemovedMessageIsBouncedAndRemovedAtStart() throws Exception {
        long id;
        try (SchedulerFixture first = open()) {
            // No channel: the scheduler holds it; the failure is recorded as a crash would leave it.
            id = first.inject(SENDER, "b@example.com");
            await("taken up", () -> first.queue.status().messages() == 1);
            first.queue.store().get().record(id, 0, State.FAILED, "No mailbox.\n").join();
        }
        try (SchedulerFixture second = open()) {
            await("ended", () -> second.log.contains("end msg " + id));
            QueuedMessage bounce = SchedulerTest.onlyMessage(second);
            assertEquals(MailAddress.NULL_SENDER, bounce.sender());
            assertTrue(SchedulerTest.content(second, bounce.id()).contains("<b@example.com>:\nNo mailbox.\n\n"));
        }
    }

    @Test
    void administratorBounceAndRemove() throws Exception {
        try (SchedulerFixture f = open()) {
            long kept = f.inject(SENDER, "b@example.com");
            long gone = f.inject(SENDER, "c@example.com");
            await("taken up", () -> f.queue.status().messages() == 2);
            assertTrue(f.queue.remove(gone));
            assertTrue(f.queue.bounce(kept, "Message bounced by the administrator. (#5.0.0)"));
            await("ended", () -> f.log.contains("end msg " + kept));
            QueuedMessage bounce = SchedulerTest.onlyMessage(f);
            assertTrue(SchedulerTest.content(f, bounce.id())
                    .contains("<b@example.com>:\nMessage bounced by the administrator. (#5.0.0)\n\n"));
            assertEquals(false, f.queue.retry(gone));
        }
    }
}

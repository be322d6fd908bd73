package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.queue.internal.SchedulerFixture.T0;
import static org.tessera.queue.internal.SchedulerFixture.await;
import static org.tessera.queue.internal.SchedulerTest.SENDER;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport.Outcome;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.api.queue.QueuedRecipient;
import org.tessera.queue.internal.send.RetrySchedule;
import org.tessera.queue.internal.store.StoredMessage;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;

/** Retries on qmail's schedule (moved clock, no sleeping), queuelifetime, concurrency, pause and ALRM. */
class SchedulerRetryTest {

    static final DeliveryReport LATER = new DeliveryReport(Outcome.TEMPORARY, "Mailbox busy. (#4.2.1)\n");

    @TempDir
    Path home;

    private SchedulerFixture fixture;
    private final MemoryControlFiles controls = new MemoryControlFiles().locals("example.com");
    private final MutableClock clock = new MutableClock(T0);

    @AfterEach
    void stop() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
    }

    private QueuedRecipient recipient(long id) throws Exception {
        return fixture.queue.message(id).orElseThrow().recipients().get(0);
    }

    private void awaitDeferred(long id, int attempts, TestChannel channel) throws Exception {
        await("attempt " + attempts, () -> channel.calls().size() == attempts && channel.inFlight.get() == 0);
        await("deferral recorded", () -> {
            try {
                QueuedRecipient r = recipient(id);
                // Pending again with its next attempt in the future: this attempt's report is recorded.
                return r.state() == State.PENDING && !r.lastReport().isEmpty() && r.nextAttempt().isAfter(clock.instant());
            } catch (Exception e) {
                return false;
            }
        });
    }

    private StoredMessage stored(long id) {
        return fixture.queue.store().join().read(id).orElseThrow();
    }

    @Test
    void temporaryFailuresAreRetriedAtQmailsTimes() throws Exception {
        fixture = new SchedulerFixture(home, controls, clock);
        TestChannel local = new TestChannel(Channel.LOCAL, c -> LATER);
        TestChannel remote = new TestChannel(Channel.REMOTE, c -> LATER);
        fixture.bind(local);
        fixture.bind(remote);
        long id = fixture.inject(SENDER, "b@example.com");
        long far = fixture.inject(SENDER, "c@far.net");
        awaitDeferred(id, 1, local);
        awaitDeferred(far, 1, remote);
        assertEquals(T0.plusSeconds(100), recipient(id).nextAttempt());
        assertEquals(T0.plusSeconds(400), recipient(far).nextAttempt());
        // The record is applied to the store once its batch is synced.
        await("deferral recorded", () -> LATER.text().equals(stored(id).reports().get(0)));
        assertEquals(List.of(State.PENDING), stored(id).states());
        assertEquals(List.of(T0.plusSeconds(100).getEpochSecond()), stored(id).nextAttempts());

        clock.advance(99);
        fixture.queue.scheduler().wake();
        Thread.sleep(100);
        assertEquals(1, local.calls().size());
        clock.advance(1);
        fixture.queue.scheduler().wake();
        awaitDeferred(id, 2, local);
        assertEquals(T0.plusSeconds(400), recipient(id).nextAttempt());
        assertEquals(1, remote.calls().size());
        clock.advance(300);
        fixture.queue.scheduler().wake();
        awaitDeferred(id, 3, local);
        awaitDeferred(far, 2, remote);
        assertEquals(T0.plusSeconds(900), recipient(id).nextAttempt());
        assertEquals(T0.plusSeconds(1600), recipient(far).nextAttempt());
    }

    @Test
    void atQueueLifetimeATemporaryFailureBecomesABounce() throws Exception {
        controls.queueLifetime = 1000;
        fixture = new SchedulerFixture(home, controls, clock);
        TestChannel local = new TestChannel(Channel.LOCAL, c -> LATER);
        fixture.bind(local);
        long id = fixture.inject(SENDER, "b@example.com");
        awaitDeferred(id, 1, local);
        clock.advance(1001);
        fixture.queue.scheduler().wake();
        await("ended", () -> fixture.log.contains("end msg " + id));
        assertTrue(fixture.log.contains("delivery 2: failure: Mailbox_busy._(#4.2.1)/"
                + "I'm_not_going_to_try_again;_this_message_has_been_in_the_queue_too_long./"), fixture.log.toString());
        QueuedMessage bounce = SchedulerTest.onlyMessage(fixture);
        String text = SchedulerTest.content(fixture, bounce.id());
        assertTrue(text.contains("<b@example.com>:\nMailbox busy. (#4.2.1)\n" + RetrySchedule.TOO_LONG + "\n"), text);
    }

    @Test
    void concurrencyLimitIsRespected() throws Exception {
        controls.concurrencyLocal = 3;
        fixture = new SchedulerFixture(home, controls, clock);
        TestChannel local = new TestChannel(Channel.LOCAL, c -> null);
        fixture.bind(local);
        String[] to = new String[10];
        for (int i = 0; i < to.length; i++) {
            to[i] = "u" + i + "@example.com";
        }
        long id = fixture.inject(SENDER, to);
        AtomicInteger answered = new AtomicInteger();
        while (answered.get() < 10) {
            await("a delivery", () -> local.calls().size() > answered.get());
            assertTrue(local.inFlight.get() <= 3);
            if (answered.get() == 0) {
                await("three in flight", () -> local.inFlight.get() == 3);
                Thread.sleep(50);
                assertEquals(3, local.calls().size());
                assertEquals(3, fixture.queue.status().localRunning());
            }
            local.calls().get(answered.getAndIncrement()).answer(TestChannel.OK);
        }
        await("ended", () -> fixture.log.contains("end msg " + id));
        assertEquals(3, local.maxInFlight.get());
    }

    @Test
    void pauseHoldsDeliveriesAndResumeReleasesThem() throws Exception {
        fixture = new SchedulerFixture(home, controls, clock);
        fixture.queue.pause();
        TestChannel local = new TestChannel(Channel.LOCAL, c -> TestChannel.OK);
        fixture.bind(local);
        long id = fixture.inject(SENDER, "b@example.com");
        await("taken up", () -> fixture.queue.status().messages() == 1);
        // status() runs on the scheduler's one thread: a pass that would start a delivery is over.
        assertTrue(fixture.queue.status().paused());
        assertEquals(0, local.calls().size());
        fixture.queue.resume();
        await("ended", () -> fixture.log.contains("end msg " + id));
        assertEquals(1, local.calls().size());
    }

    @Test
    void retryAllMakesDeferredDeliveriesDueNow() throws Exception {
        fixture = new SchedulerFixture(home, controls, clock);
        TestChannel local = new TestChannel(Channel.LOCAL, c -> c.stage() != null && firstCall(c) ? LATER : TestChannel.OK);
        fixture.bind(local);
        long id = fixture.inject(SENDER, "b@example.com");
        awaitDeferred(id, 1, local);
        assertEquals(T0.plusSeconds(100), recipient(id).nextAttempt());
        fixture.queue.retryAll();
        await("ended", () -> fixture.log.contains("end msg " + id));
        assertEquals(2, local.calls().size());
        assertEquals(Instant.parse("2024-03-01T12:00:00Z"), clock.instant());
    }

    private final AtomicInteger seen = new AtomicInteger();

    private boolean firstCall(TestChannel.Call call) {
        return seen.getAndIncrement() == 0;
    }
}

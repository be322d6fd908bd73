package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.queue.internal.SchedulerFixture.T0;
import static org.tessera.queue.internal.SchedulerFixture.await;
import static org.tessera.queue.internal.SchedulerTest.NO_MAILBOX;
import static org.tessera.queue.internal.SchedulerTest.SENDER;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport.Outcome;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.metrics.internal.PrometheusTestMetrics;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;

/** The queue's meters, read back from a real Prometheus registry while the scheduler delivers. */
class QueueMetersTest {

    private static final DeliveryReport REMOTE_OK = new DeliveryReport(Outcome.SUCCESS,
            "127.0.0.1 accepted message.\nRemote host said: 250 2.0.0 Ok: queued as 4F\n");
    private static final DeliveryReport NO_CONNECTION = new DeliveryReport(Outcome.TEMPORARY,
            "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n");

    @TempDir
    Path home;

    private final PrometheusTestMetrics metrics = new PrometheusTestMetrics();
    private SchedulerFixture fixture;

    private SchedulerFixture start() {
        fixture = new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0));
        fixture.queue.bindMetrics(metrics);
        return fixture;
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
    }

    private double value(String series) {
        return metrics.value(series);
    }

    private static String recipients(String channel, String state) {
        return "tessera_queue_recipients{channel=\"" + channel + "\",state=\"" + state + "\"}";
    }

    private static String messages(String state) {
        return "tessera_queue_messages{state=\"" + state + "\"}";
    }

    private static String deliveries(String channel, String outcome, String statusClass) {
        return "tessera_deliveries_total{channel=\"" + channel + "\",outcome=\"" + outcome + "\",status_class=\""
                + statusClass + "\"}";
    }

    private void awaitValue(String series, double expected) throws InterruptedException {
        await(series + " = " + expected, () -> metrics.samples().getOrDefault(series, -1.0) == expected);
    }

    @Test
    void everySeriesIsThereAtZeroBeforeTheFirstMessage() {
        start();
        Map<String, Double> samples = metrics.samples();
        for (String origin : List.of("network", "bounce", "alias", "user")) {
            for (String outcome : List.of("ok", "temporary", "permanent")) {
                assertEquals(0.0, samples.get("tessera_queue_injections_total{origin=\"" + origin + "\",outcome=\""
                        + outcome + "\"}"), origin + " " + outcome);
            }
        }
        for (String channel : List.of("local", "remote")) {
            for (String outcome : List.of("success", "deferral", "failure")) {
                for (String statusClass : List.of("2", "4", "5", "none")) {
                    assertEquals(0.0, samples.get(deliveries(channel, outcome, statusClass)));
                }
            }
            for (String state : List.of("waiting", "deferred", "delivering")) {
                assertEquals(0.0, samples.get(recipients(channel, state)));
            }
            assertEquals(0.0, samples.get("tessera_delivery_latency_seconds_count{channel=\"" + channel + "\"}"));
        }
        for (String state : List.of("new", "in_delivery", "bouncing")) {
            assertEquals(0.0, samples.get(messages(state)));
        }
        assertEquals(0.0, samples.get("tessera_queue_oldest_message_age_seconds"));
    }

    @Test
    void injectionsAreCountedByOriginAndOutcome() throws Exception {
        SchedulerFixture f = start();
        f.inject(SENDER, "b@example.com");
        f.inject(SENDER, "c@example.com");
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("client gone");
            }
        };
        InjectResult refused = f.queue.inject(new Envelope(SENDER, List.of(MailAddress.parse("d@example.com"))),
                new Origin(Origin.Kind.USER, 1000), broken).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(InjectResult.Outcome.TEMPORARY, refused.outcome());
        awaitValue("tessera_queue_injections_total{origin=\"network\",outcome=\"ok\"}", 2);
        awaitValue("tessera_queue_injections_total{origin=\"user\",outcome=\"temporary\"}", 1);
        assertEquals(0.0, value("tessera_queue_injections_total{origin=\"user\",outcome=\"ok\"}"));
    }

    @Test
    void recipientsAreCountedByChannelAndStateAsTheyMove() throws Exception {
        SchedulerFixture f = start();
        // No channel yet: both wait.
        f.inject(SENDER, "b@example.com", "c@remote.test", "d@remote.test");
        awaitValue(recipients("remote", "waiting"), 2);
        assertEquals(1.0, value(recipients("local", "waiting")));
        assertEquals(1.0, value(messages("in_delivery")));
        TestChannel local = new TestChannel(Channel.LOCAL, call -> null);
        f.bind(local);
        awaitValue(recipients("local", "delivering"), 1);
        assertEquals(0.0, value(recipients("local", "waiting")));
        TestChannel remote = new TestChannel(Channel.REMOTE, call -> NO_CONNECTION);
        f.bind(remote);
        awaitValue(recipients("remote", "deferred"), 2);
        assertEquals(0.0, value(recipients("remote", "waiting")));
        assertEquals(0.0, value(recipients("remote", "delivering")));
        assertEquals(2.0, value(deliveries("remote", "deferral", "4")));
        local.releaseAll(TestChannel.OK);
        awaitValue(recipients("local", "delivering"), 0);
        assertEquals(1.0, value(deliveries("local", "success", "none")));
        assertEquals(1.0, value(messages("in_delivery")), "the remote recipients are still to go");
        // The administrator's bounce fails the deferred ones at once; the message ends, and its bounce to
        // a@sender.org goes remote and is deferred in turn.
        f.queue.bounce(local.calls().get(0).messageId(), "Removed by the postmaster. (#5.0.0)");
        awaitValue("tessera_queue_injections_total{origin=\"bounce\",outcome=\"ok\"}", 1);
        awaitValue(deliveries("remote", "deferral", "4"), 3);
        awaitValue(recipients("remote", "deferred"), 1);
        assertEquals(1.0, value(messages("in_delivery")));
        assertEquals(0.0, value(messages("bouncing")));
    }

    @Test
    void aFailureIsBouncedAndTheBounceIsANewMessageUntilTheSchedulerTakesItUp() throws Exception {
        SchedulerFixture f = start();
        TestChannel local = new TestChannel(Channel.LOCAL, call -> null);
        f.bind(local);
        f.inject(SENDER, "nobody@example.com");
        await("delivering", () -> local.calls().size() == 1);
        // Holds the scheduler right after the report, before the bounce's commit can bring its take-up:
        // answered on the scheduler's own thread, so the hold is queued behind the report and ahead of it.
        CountDownLatch release = new CountDownLatch(1);
        Runnable hold = () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        f.queue.scheduler().execute(() -> {
            local.calls().get(0).answer(NO_MAILBOX);
            f.queue.scheduler().execute(hold);
        });
        awaitValue("tessera_queue_injections_total{origin=\"bounce\",outcome=\"ok\"}", 1);
        awaitValue(messages("new"), 1);
        assertEquals(1.0, value(messages("bouncing")));
        assertEquals(0.0, value(messages("in_delivery")));
        assertEquals(1.0, value(deliveries("local", "failure", "5")));
        release.countDown();
        // The original ends; the bounce (to a@sender.org, remote, no channel) waits.
        awaitValue(messages("bouncing"), 0);
        assertEquals(0.0, value(messages("new")));
        assertEquals(1.0, value(messages("in_delivery")));
        assertEquals(1.0, value(recipients("remote", "waiting")));
    }

    @Test
    void theLatencyOfASuccessRunsFromArrivalPerChannel() throws Exception {
        SchedulerFixture f = start();
        f.inject(SENDER, "b@example.com", "c@remote.test");
        await("taken up", () -> f.queue.status().messages() == 1);
        f.clock.advance(90);
        f.bind(new TestChannel(Channel.LOCAL, call -> TestChannel.OK));
        awaitValue("tessera_delivery_latency_seconds_count{channel=\"local\"}", 1);
        assertEquals(90.0, value("tessera_delivery_latency_seconds_sum{channel=\"local\"}"));
        assertEquals(0.0, value("tessera_delivery_latency_seconds_bucket{channel=\"local\",le=\"60.0\"}"));
        assertEquals(1.0, value("tessera_delivery_latency_seconds_bucket{channel=\"local\",le=\"300.0\"}"));
        f.clock.advance(1000);
        f.bind(new TestChannel(Channel.REMOTE, call -> REMOTE_OK));
        awaitValue("tessera_delivery_latency_seconds_count{channel=\"remote\"}", 1);
        assertEquals(1090.0, value("tessera_delivery_latency_seconds_sum{channel=\"remote\"}"));
        assertEquals(1.0, value(deliveries("remote", "success", "2")));
        assertEquals(0.0, value(deliveries("remote", "success", "none")));
    }

    @Test
    void theContentHandedOutTellsWhenTheMessageArrived() throws Exception {
        SchedulerFixture f = start();
        f.clock.advance(7);
        long id = f.inject(SENDER, "b@example.com");
        await("taken up", () -> f.queue.status().messages() == 1);
        assertEquals(Optional.of(T0.plusSeconds(7)), f.queue.content(id).orElseThrow().arrival());
    }

    @Test
    void theOldestMessagesAgeFollowsTheClockAndItsEnd() throws Exception {
        SchedulerFixture f = start();
        long first = f.inject(SENDER, "b@example.com");
        f.clock.advance(10);
        f.inject(SENDER, "c@example.com");
        await("taken up", () -> f.queue.status().messages() == 2);
        f.clock.advance(90);
        assertEquals(100.0, value("tessera_queue_oldest_message_age_seconds"));
        f.queue.remove(first);
        assertEquals(90.0, value("tessera_queue_oldest_message_age_seconds"));
        assertEquals(1.0, value(recipients("local", "waiting")), "the removed one's recipient is gone");
    }

    @Test
    void aDeferredRecipientTakenUpAgainAtARestartCountsAsDeferred() throws Exception {
        try (SchedulerFixture first = new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"),
                new MutableClock(T0))) {
            first.bind(new TestChannel(Channel.LOCAL, c -> SchedulerRetryTest.LATER));
            long id = first.inject(SENDER, "b@example.com");
            await("deferral recorded", () -> first.queue.store().join().read(id).orElseThrow().nextAttempts().get(0) > 0);
        }
        SchedulerFixture second = start();
        awaitValue(recipients("local", "deferred"), 1);
        assertEquals(0.0, value(recipients("local", "waiting")));
        assertEquals(1.0, value(messages("in_delivery")));
        assertEquals(0.0, value("tessera_queue_injections_total{origin=\"network\",outcome=\"ok\"}"),
                "taken up again, not injected again");
        second.close();
    }

    @Test
    void whenTheMetricsServiceLeavesTheGaugesGoAndTheQueueGoesOn() throws Exception {
        SchedulerFixture f = start();
        f.queue.unbindMetrics(metrics);
        f.bind(new TestChannel(Channel.LOCAL, call -> TestChannel.OK));
        long id = f.inject(SENDER, "b@example.com");
        await("delivered", () -> f.log.contains("end msg " + id));
        Map<String, Double> samples = metrics.samples();
        assertEquals(null, samples.get(messages("in_delivery")));
        assertEquals(0.0, samples.get(deliveries("local", "success", "none")), "counted by no one");
    }
}

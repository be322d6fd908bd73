package org.tessera.queue.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.queue.internal.QueueDepth.MessageState;
import org.tessera.queue.internal.QueueDepth.RecipientState;
import org.tessera.queue.internal.send.StatusClass;

/**
 * The queue's meters: injections by origin and outcome, delivery attempts by channel, outcome and
 * status class, the time from arrival to delivery per channel, and the gauges of {@link QueueDepth}.
 * Every series is made at once, so each is exported (at 0) before its first event.
 */
final class QueueMeters implements AutoCloseable {

    static final MeterId INJECTIONS = MeterId.of("tessera_queue_injections_total",
            "Messages handed to the queue, by origin (network: SMTP, QMTP, QMQP and the tools; bounce; alias and"
                    + " user: forwards from .qmail files) and outcome (ok: committed; temporary, permanent: refused).");
    static final MeterId DELIVERIES = MeterId.of("tessera_deliveries_total",
            "Delivery attempts by channel, outcome (success, deferral, failure, as in the mail log) and the class"
                    + " of the report's enhanced status code (2, 4, 5, or none).");
    static final MeterId LATENCY = MeterId.of("tessera_delivery_latency_seconds",
            "Time from a message's arrival in the queue to its delivery to one recipient, by channel.");
    static final MeterId MESSAGES = MeterId.of("tessera_queue_messages",
            "Messages in the queue by state: new (committed, not yet taken up by the scheduler), in_delivery,"
                    + " bouncing (every recipient done, the bounce not yet queued).");
    static final MeterId RECIPIENTS = MeterId.of("tessera_queue_recipients",
            "Recipients still to deliver by channel and state: waiting (never tried), deferred (tried, waiting for"
                    + " the next attempt), delivering (an attempt under way).");
    static final MeterId OLDEST = MeterId.of("tessera_queue_oldest_message_age_seconds",
            "Age of the oldest message in the queue (the lowest queue number); 0 when it is empty.");

    private static final List<String> STATUS_CLASSES = List.of("2", "4", "5", StatusClass.NONE);

    // By the constants' ordinals (and the index in STATUS_CLASSES): no lookup or allocation per event.
    private final Counter[][] injections = new Counter[Origin.Kind.values().length][InjectResult.Outcome.values().length];
    private final Counter[][][] deliveries =
            new Counter[Channel.values().length][DeliveryReport.Outcome.values().length][STATUS_CLASSES.size()];
    private final Timer[] latency = new Timer[Channel.values().length];
    private final List<Gauge> gauges = new ArrayList<>();

    /**
     * @param metrics where the meters go
     * @param depth what the gauges read
     * @param now the queue's clock, for the oldest message's age
     */
    QueueMeters(Metrics metrics, QueueDepth depth, Supplier<Instant> now) {
        for (Origin.Kind origin : Origin.Kind.values()) {
            for (InjectResult.Outcome outcome : InjectResult.Outcome.values()) {
                injections[origin.ordinal()][outcome.ordinal()] =
                        metrics.counter(INJECTIONS.label("origin", word(origin)).label("outcome", word(outcome)));
            }
        }
        for (Channel channel : Channel.values()) {
            for (DeliveryReport.Outcome outcome : DeliveryReport.Outcome.values()) {
                for (int status = 0; status < STATUS_CLASSES.size(); status++) {
                    deliveries[channel.ordinal()][outcome.ordinal()][status] = metrics.counter(DELIVERIES
                            .label("channel", word(channel)).label("outcome", logWord(outcome))
                            .label("status_class", STATUS_CLASSES.get(status)));
                }
            }
            latency[channel.ordinal()] = metrics.timer(LATENCY.label("channel", word(channel)));
            for (RecipientState state : RecipientState.values()) {
                gauges.add(metrics.gauge(RECIPIENTS.label("channel", word(channel)).label("state", word(state)),
                        () -> depth.recipients(channel, state)));
            }
        }
        for (MessageState state : MessageState.values()) {
            gauges.add(metrics.gauge(MESSAGES.label("state", word(state)), () -> depth.messages(state)));
        }
        gauges.add(metrics.gauge(OLDEST, () -> depth.oldestAgeSeconds(now.get())));
    }

    /** A message was handed to the queue and committed or refused. */
    void injected(Origin.Kind origin, InjectResult.Outcome outcome) {
        injections[origin.ordinal()][outcome.ordinal()].increment();
    }

    /**
     * A channel reported on one attempt.
     *
     * @param report the report as the queue records it (after the lifetime and an administrator's bounce)
     * @param sinceArrival the time from the message's arrival until now, recorded for a success
     */
    void delivered(Channel channel, DeliveryReport report, Duration sinceArrival) {
        int status = STATUS_CLASSES.indexOf(StatusClass.of(report.text()));
        deliveries[channel.ordinal()][report.outcome().ordinal()][status].increment();
        if (report.outcome() == DeliveryReport.Outcome.SUCCESS) {
            latency[channel.ordinal()].record(sinceArrival);
        }
    }

    /** Removes the gauges, which read this queue's state. */
    @Override
    public void close() {
        gauges.forEach(Gauge::close);
    }

    private static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    // The mail log's words: delivery N: success | failure | deferral.
    private static String logWord(DeliveryReport.Outcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "success";
            case PERMANENT -> "failure";
            case TEMPORARY -> "deferral";
        };
    }
}

package org.tessera.local.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;

/**
 * The local channel's meter: for each {@code .qmail} instruction carried out, the time from the
 * message's arrival in the queue (the queue's content tells it) to that moment, by the instruction's
 * kind. The built-in kinds are exported from the start; a plugin's kind once it first delivers.
 */
final class LocalMeters {

    private static final Logger LOG = LoggerFactory.getLogger(LocalMeters.class);

    static final MeterId LATENCY = MeterId.of("tessera_local_delivery_latency_seconds",
            "Time from a message's arrival in the queue to the success of one .qmail instruction for one recipient,"
                    + " by the instruction's kind (maildir, mbox, program, forward, or a plugin's kind).");

    private final Metrics metrics;
    private final Clock clock;
    // By kind: the built-in four and the kinds of the plugin targets that delivered, a bounded set.
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();

    LocalMeters(Metrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        for (String kind : List.of(DeliveryTarget.MAILDIR, DeliveryTarget.MBOX, DeliveryTarget.PROGRAM,
                DeliveryTarget.FORWARD)) {
            timer(kind);
        }
    }

    /** The target, measured: its successes are recorded under its kind. */
    DeliveryTarget measured(String kind, DeliveryTarget target) {
        return delivery -> {
            DeliveryResult result = target.deliver(delivery);
            if (result != null && (result.outcome() == DeliveryResult.Outcome.SUCCESS
                    || result.outcome() == DeliveryResult.Outcome.SUCCESS_STOP)) {
                carriedOut(kind, delivery.content());
            }
            return result;
        };
    }

    /** An instruction of this kind succeeded now for a message of this content. */
    void carriedOut(String kind, MessageContent content) {
        Instant arrival = content.arrival().orElse(null);
        if (arrival == null) {
            return;
        }
        try {
            timer(kind).record(Duration.between(arrival, clock.instant()));
        } catch (IllegalArgumentException unlabelled) {
            // A plugin's kind that no label value can carry (over 100 characters, control characters) is
            // not timed: the delivery it made must not turn into a failure, which would repeat it.
            LOG.debug("kind {} not timed: {}", kind, unlabelled.getMessage());
        }
    }

    private Timer timer(String kind) {
        return latency.computeIfAbsent(kind, k -> metrics.timer(LATENCY.label("kind", k)));
    }
}

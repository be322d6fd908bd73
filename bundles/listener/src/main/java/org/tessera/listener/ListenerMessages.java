package org.tessera.listener;

import java.util.function.Supplier;

import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;

/**
 * Messages by the listener they came in through (SMTP, submission, sendmail -bs, QMTP, QMQP and so the
 * tools, which inject by QMQP) and what the client was told: the queue's own count of injections knows only
 * that they came from the network.
 */
public final class ListenerMessages {

    static final MeterId MESSAGES = MeterId.of("tessera_listener_messages_total",
            "Messages a client sent to a listener, by listener and answer: accepted (250, K), deferred (4xx, Z),"
                    + " rejected (5xx, D).");

    private ListenerMessages() {
    }

    /** The counters of one listener's messages, by answer. */
    public static KeptCounters counters(String listener, Supplier<Metrics> metrics) {
        return new KeptCounters(MESSAGES.label("listener", listener), metrics, "outcome");
    }

    /** Counts one message's answer: the reply code's first digit (2, 4, 5) or QMTP's K, Z, D. */
    public static void answered(KeptCounters counters, char answer) {
        String outcome = switch (answer) {
            case '2', 'K' -> "accepted";
            case '4', 'Z' -> "deferred";
            default -> "rejected";
        };
        counters.get(outcome).increment();
    }
}

package org.tessera.api.queue;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A channel's report on one delivery, as qmail's spawners send it to qmail-send: {@code K},
 * {@code D} or {@code Z} and a text.
 *
 * <p>The text is logged ({@code delivery <d>: success|failure|deferral: <text>}, made
 * <em>safe</em> by the queue) and, for a permanent failure, copied into the bounce. Examples:
 * {@code did 1+0+0\n}; {@code 1.2.3.4 accepted message.\nRemote host said: 250 ok\n};
 * {@code Sorry, no mailbox here by that name. (#5.1.1)\n}.
 *
 * @param outcome success, permanent or temporary failure
 * @param text the report text, possibly several LF-separated lines; may be empty
 */
@ConsumerType
public record DeliveryReport(Outcome outcome, String text) {

    /**
     * Validates the components.
     *
     * @param outcome the outcome, not null
     * @param text the text, not null
     * @throws NullPointerException when a component is null
     */
    public DeliveryReport {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
    }

    /** qmail's report letters. */
    @ConsumerType
    public enum Outcome {
        /** Delivered ({@code K}): the recipient is done. */
        SUCCESS,
        /** Failed for good ({@code D}): the recipient is done and goes into the bounce. */
        PERMANENT,
        /** Not now ({@code Z}): retried on schedule until {@code queuelifetime}. */
        TEMPORARY
    }
}

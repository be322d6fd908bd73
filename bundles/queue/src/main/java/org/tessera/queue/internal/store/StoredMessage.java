package org.tessera.queue.internal.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.tessera.api.mail.Envelope;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * A committed message as the store keeps it: the envelope and, per recipient (same index as
 * {@code envelope.recipients()}), the last durably recorded state and report.
 *
 * @param id the message number
 * @param qp the qp number of its injection
 * @param uid the uid recorded for the injector
 * @param birth when it was injected
 * @param size the bytes of the content file, Received line included
 * @param envelope sender and recipients as injected
 * @param states PENDING, DELIVERED or FAILED per recipient (the store never records DELIVERING)
 * @param reports the last report per recipient, empty when none
 * @param nextAttempts per recipient, when a deferred one is due again (epoch seconds; 0: now)
 */
public record StoredMessage(long id, long qp, long uid, Instant birth, long size, Envelope envelope,
        List<State> states, List<String> reports, List<Long> nextAttempts) {

    /** Copies the lists and checks they have one entry per recipient. */
    public StoredMessage {
        Objects.requireNonNull(birth, "birth");
        Objects.requireNonNull(envelope, "envelope");
        states = List.copyOf(states);
        reports = List.copyOf(reports);
        nextAttempts = List.copyOf(nextAttempts);
        if (states.size() != envelope.recipients().size() || reports.size() != states.size()
                || nextAttempts.size() != states.size()) {
            throw new IllegalArgumentException("one state, report and next attempt per recipient");
        }
    }

    /** Returns whether every recipient is delivered or failed. */
    public boolean finished() {
        return states.stream().allMatch(s -> s == State.DELIVERED || s == State.FAILED);
    }
}

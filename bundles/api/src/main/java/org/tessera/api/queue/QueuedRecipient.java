package org.tessera.api.queue;

import java.time.Instant;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;
import org.tessera.api.mail.MailAddress;

/**
 * One recipient of a queued message and where its delivery stands.
 *
 * @param address the recipient as rewritten by preprocessing (what the channel is given)
 * @param channel the channel it was classified into
 * @param state where its delivery stands
 * @param nextAttempt for {@link State#PENDING} when the next attempt is due (a time in the past
 *        means as soon as a slot is free); for the other states when the state was reached
 * @param lastReport the text of the last report (the last deferral for a pending recipient);
 *        empty when there was no attempt yet
 */
@ProviderType
public record QueuedRecipient(MailAddress address, Channel channel, State state, Instant nextAttempt,
        String lastReport) {

    /**
     * Validates the components.
     *
     * @param address not null
     * @param channel not null
     * @param state not null
     * @param nextAttempt not null
     * @param lastReport not null
     * @throws NullPointerException when a component is null
     */
    public QueuedRecipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(lastReport, "lastReport");
    }

    /** The states of a recipient; qmail-qread shows the last two as {@code done}. */
    @ProviderType
    public enum State {
        /** Waiting for its first attempt or for a retry after a deferral. */
        PENDING,
        /** Handed to its channel, report not yet received. */
        DELIVERING,
        /** Delivered. */
        DELIVERED,
        /** Failed permanently; reported in the bounce when the message is finished. */
        FAILED
    }
}

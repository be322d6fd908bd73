package org.tessera.queue.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLongArray;

import org.tessera.api.queue.Channel;

/**
 * The queue's depth as the scheduler keeps it on each transition, for the gauges to read at any
 * time without a scan: messages by state, recipients still to deliver by channel and state, and when
 * the oldest message arrived. Written by the scheduler's thread (and the commit hook), read by any.
 */
final class QueueDepth {

    /** Where a message is: committed but not yet taken up, being delivered, being bounced. */
    enum MessageState {
        NEW, IN_DELIVERY, BOUNCING
    }

    /** Where a recipient still to deliver is: never tried yet, deferred after a try, being delivered now. */
    enum RecipientState {
        WAITING, DEFERRED, DELIVERING
    }

    private final AtomicLongArray messages = new AtomicLongArray(MessageState.values().length);
    private final AtomicLongArray recipients =
            new AtomicLongArray(Channel.values().length * RecipientState.values().length);
    // Epoch milliseconds of the oldest message's arrival; Long.MIN_VALUE while the queue is empty.
    private volatile long oldestArrival = Long.MIN_VALUE;

    void addMessages(MessageState state, int delta) {
        messages.addAndGet(state.ordinal(), delta);
    }

    long messages(MessageState state) {
        return messages.get(state.ordinal());
    }

    void addRecipients(Channel channel, RecipientState state, int delta) {
        recipients.addAndGet(index(channel, state), delta);
    }

    long recipients(Channel channel, RecipientState state) {
        return recipients.get(index(channel, state));
    }

    /** @param arrival when the oldest message now queued arrived, or null when none is */
    void oldest(Instant arrival) {
        oldestArrival = arrival == null ? Long.MIN_VALUE : arrival.toEpochMilli();
    }

    /** Seconds since the oldest message arrived; 0 while the queue is empty. */
    double oldestAgeSeconds(Instant now) {
        long arrival = oldestArrival;
        return arrival == Long.MIN_VALUE ? 0 : Math.max(0, now.toEpochMilli() - arrival) / 1000.0;
    }

    private static int index(Channel channel, RecipientState state) {
        return channel.ordinal() * RecipientState.values().length + state.ordinal();
    }
}

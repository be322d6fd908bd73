package org.tessera.queue.internal;

import java.util.Comparator;

import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.queue.internal.QueuedMail.Recipient;

/**
 * A recipient waiting in its channel's line: due at {@code due} (epoch seconds), valid while the
 * recipient is still pending with this stamp and its message is still queued.
 */
record DueRecipient(long due, long stamp, QueuedMail mail, Recipient recipient) {

    static final Comparator<DueRecipient> ORDER =
            Comparator.comparingLong(DueRecipient::due).thenComparingLong(DueRecipient::stamp);

    boolean current() {
        return recipient.stamp == stamp && recipient.state == State.PENDING && !mail.removed;
    }
}

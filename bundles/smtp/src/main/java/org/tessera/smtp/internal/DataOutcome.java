package org.tessera.smtp.internal;

import org.tessera.api.filter.FilterResult;
import org.tessera.api.queue.InjectResult;

/**
 * How the far side of a DATA transaction ended: the queue's answer, or a message filter's
 * refusal before the queue was asked; both null when the message never got that far (the
 * stream failed: bare LF, databytes, hops, a vanished client, a spool that could not be written).
 *
 * @param injected the queue's answer, or null
 * @param refused a filter's {@code REJECT} or {@code DEFER}, or null
 */
record DataOutcome(InjectResult injected, FilterResult refused) {

    static final DataOutcome FAILED = new DataOutcome(null, null);
}

package org.tessera.queue.internal.store;

import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.InjectResult.Outcome;

/** The injection outcomes the store produces, one per qmail-queue exit code it can meet (qmail-queue(8)). */
public final class QueueResults {

    /** Exit 11: an envelope address over {@value EnvelopeFile#MAX_ADDRESS} bytes. */
    public static final InjectResult ADDRESS_TOO_LONG =
            new InjectResult(Outcome.PERMANENT, 11, "envelope address too long for qq (#5.1.3)", 0, 0);
    /** Exit 53: writing or syncing the queue failed, the disk may be full. */
    public static final InjectResult WRITE_ERROR =
            new InjectResult(Outcome.TEMPORARY, 53, "qq write error or disk full (#4.3.0)", 0, 0);
    /** Exit 54: the content stream failed or the envelope never came. */
    public static final InjectResult READ_ERROR =
            new InjectResult(Outcome.TEMPORARY, 54, "qq read error (#4.3.0)", 0, 0);
    /** Exit 62: the queue directory is unusable (not recovered, or the queue is stopping). */
    public static final InjectResult QUEUE_TROUBLE =
            new InjectResult(Outcome.TEMPORARY, 62, "qq trouble creating files in queue (#4.3.0)", 0, 0);
    /** Exit 81: a bug in the queue itself; never expected. */
    public static final InjectResult INTERNAL_BUG =
            new InjectResult(Outcome.TEMPORARY, 81, "qq internal bug (#4.3.0)", 0, 0);

    private QueueResults() {
    }

    /** Returns the result of a committed injection. */
    public static InjectResult queued(long id, long qp) {
        return new InjectResult(Outcome.OK, 0, "", id, qp);
    }
}

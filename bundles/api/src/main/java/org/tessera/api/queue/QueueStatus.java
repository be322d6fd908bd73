package org.tessera.api.queue;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The queue at one moment: qmail-qstat's two counts and qmail-send's
 * {@code status: local l/L remote r/R} line.
 *
 * @param paused whether deliveries are held by {@link QueueAdmin#pause()}
 * @param messages the number of messages in the queue, preprocessed or not
 * @param notPreprocessed how many of them are not yet classified into channels
 * @param localRunning local deliveries running now
 * @param localLimit {@code concurrencylocal}
 * @param remoteRunning remote deliveries running now
 * @param remoteLimit {@code concurrencyremote}
 * @param damaged damaged messages and queue files found at the last start and moved aside
 *     (never silently dropped: each is also an {@code alert:} line in the mail log); since 1.1
 */
@ProviderType
public record QueueStatus(boolean paused, long messages, long notPreprocessed, int localRunning,
        int localLimit, int remoteRunning, int remoteLimit, int damaged) {

    /**
     * Validates the components. A running count may exceed its limit for a while after the
     * limit was lowered.
     *
     * @param paused whether paused
     * @param messages 0 or more
     * @param notPreprocessed 0 to {@code messages}
     * @param localRunning 0 or more
     * @param localLimit 0 or more
     * @param remoteRunning 0 or more
     * @param remoteLimit 0 or more
     * @param damaged 0 or more
     * @throws IllegalArgumentException when a count is negative or {@code notPreprocessed > messages}
     */
    public QueueStatus {
        if (messages < 0 || notPreprocessed < 0 || localRunning < 0 || localLimit < 0
                || remoteRunning < 0 || remoteLimit < 0 || damaged < 0) {
            throw new IllegalArgumentException("negative count");
        }
        if (notPreprocessed > messages) {
            throw new IllegalArgumentException("notPreprocessed " + notPreprocessed + " > messages " + messages);
        }
    }
}

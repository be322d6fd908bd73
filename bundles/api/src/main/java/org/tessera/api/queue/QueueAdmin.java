package org.tessera.api.queue;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.tessera.api.mail.MessageContent;

/**
 * Watching and operating the queue: what qmail-qstat, qmail-qread and qmail-send's signals
 * did, plus the per-message surgery of the Gogo commands {@code queue-show},
 * {@code queue-retry}, {@code queue-remove} and {@code queue-bounce}. Provided by the same
 * bundle as {@link MailQueue}; calls are synchronous and meant for administration, not for
 * the path of every message.
 */
@ProviderType
public interface QueueAdmin {

    /**
     * Returns the counts and state of the queue ({@code qmail:queue} first lines, {@code qmail:stat}).
     *
     * @return the current status
     */
    QueueStatus status();

    /**
     * Returns the latest distinct reasons deliveries were deferred for ({@code qmail:stat}), so that
     * an operator learns what keeps mail in the queue without reading the mail log. Only a few are
     * kept; a reason that has not come for a while makes room for newer ones.
     *
     * @return the reasons, the most recently reported first; empty when nothing was deferred lately
     * @since 1.2
     */
    List<DeferralReason> recentDeferrals();

    /**
     * Lists every message in the queue (qmail-qread), oldest first.
     *
     * @return the messages, possibly many
     * @throws IOException when the queue cannot be read
     */
    List<QueuedMessage> messages() throws IOException;

    /**
     * Finds one message ({@code queue-show}).
     *
     * @param id the message's number
     * @return the message, or empty when it is not (or no longer) in the queue
     * @throws IOException when the queue cannot be read
     */
    Optional<QueuedMessage> message(long id) throws IOException;

    /**
     * Gives access to a queued message's bytes, for example to show its header.
     *
     * @param id the message's number
     * @return the content, readable while the message is in the queue; empty when it is not
     * @throws IOException when the queue cannot be read
     */
    Optional<MessageContent> content(long id) throws IOException;

    /**
     * Stops starting deliveries ({@code pause}); injection and running deliveries go on.
     * Does nothing when already paused.
     */
    void pause();

    /** Starts deliveries again after {@link #pause()} ({@code cont}); does nothing when not paused. */
    void resume();

    /** Makes every pending delivery of every message due now ({@code doqueue}, qmail's ALRM). */
    void retryAll();

    /**
     * Makes every pending delivery of one message due now ({@code queue-retry}).
     *
     * @param id the message's number
     * @return whether the message was in the queue
     * @throws IOException when the queue cannot be written
     */
    boolean retry(long id) throws IOException;

    /**
     * Removes a message without delivering or bouncing it ({@code queue-remove}); the removal
     * is logged. Deliveries already running finish, but their reports are dropped.
     *
     * @param id the message's number
     * @return whether the message was in the queue
     * @throws IOException when the queue cannot be written
     */
    boolean remove(long id) throws IOException;

    /**
     * Fails every pending recipient of a message permanently and bounces it now, as if
     * {@code queuelifetime} had passed ({@code queue-bounce}).
     *
     * @param id the message's number
     * @param reason the failure report for each such recipient, for example
     *        {@code Message bounced by the administrator. (#5.0.0)}
     * @return whether the message was in the queue
     * @throws IOException when the queue cannot be written
     */
    boolean bounce(long id, String reason) throws IOException;
}

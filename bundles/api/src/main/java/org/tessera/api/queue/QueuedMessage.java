package org.tessera.api.queue;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;
import org.tessera.api.mail.MailAddress;

/**
 * A message in the queue, as qmail-qread and {@code queue-show} present it.
 *
 * @param id the queue's number of the message ({@code msg <id>} in the log)
 * @param birth when it was queued; retries and {@code queuelifetime} count from here
 * @param size the bytes stored, the queue's {@code Received} line included ({@code bytes <b>})
 * @param sender the envelope sender as injected (before VERP expansion)
 * @param qp the qp number of the injection ({@code qp <qp>})
 * @param uid the uid recorded for the injector ({@code uid <uid>})
 * @param recipients each recipient with its channel and state; empty until the message is
 *        preprocessed
 */
@ProviderType
public record QueuedMessage(long id, Instant birth, long size, MailAddress sender, long qp, long uid,
        List<QueuedRecipient> recipients) {

    /**
     * Validates the components and copies the recipient list.
     *
     * @param id positive
     * @param birth not null
     * @param size 0 or more
     * @param sender not null
     * @param qp positive
     * @param uid 0 or more
     * @param recipients not null, without null elements
     * @throws NullPointerException when a reference is null
     * @throws IllegalArgumentException when a number is out of range
     */
    public QueuedMessage {
        Objects.requireNonNull(birth, "birth");
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        if (id <= 0 || qp <= 0) {
            throw new IllegalArgumentException("id and qp must be positive");
        }
        if (size < 0 || uid < 0) {
            throw new IllegalArgumentException("size and uid must not be negative");
        }
    }
}

package org.tessera.api.mail;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The envelope of a message: one sender and the recipients, as qmail-queue receives them
 * ({@code F<sender>\0T<recip>\0...}).
 *
 * <p>A VERP request is part of the sender, as in qmail: a sender {@code pre@host-@[]} (local
 * part ending in {@code -}, domain {@code []}) asks the queue to expand it per recipient.
 *
 * @param sender the envelope sender, {@link MailAddress#NULL_SENDER} for a bounce
 * @param recipients the recipients in the order given, duplicates kept; may be empty (such a
 *        message is queued and finished without delivery, as qmail does)
 */
@ConsumerType
public record Envelope(MailAddress sender, List<MailAddress> recipients) {

    /**
     * Validates the components and copies the recipient list.
     *
     * @param sender the sender, not null
     * @param recipients the recipients, not null and without null elements
     * @throws NullPointerException when the sender, the list or an element is null
     */
    public Envelope {
        Objects.requireNonNull(sender, "sender");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
    }
}

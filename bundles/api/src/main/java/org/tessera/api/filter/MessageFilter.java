package org.tessera.api.filter;

import java.io.IOException;

import org.osgi.annotation.versioning.ConsumerType;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.policy.MailTransaction;

/**
 * Judges a whole message after the client's final dot and before the reply (spam and virus
 * scanners, policy checks).
 *
 * <p>A listener configured to filter calls every filter in {@code service.ranking} order,
 * highest first. The first {@link FilterResult.Outcome#REJECT} or
 * {@link FilterResult.Outcome#DEFER} ends the chain and is the reply; otherwise the header
 * fields of every accepting filter are put, in chain order, at the top of the message, which is
 * then queued. Each filter sees the message as received, without the fields earlier filters add.
 *
 * <p>Called on a thread of the listener's filter pool while the session waits; may block (a
 * scanner daemon). Each call has the listener's filter deadline ({@code filterTimeoutSeconds}, 300
 * seconds unless configured, as long as a milter's content timeout): a call that passes it (the
 * thread is then interrupted), an {@link IOException} or a {@code RuntimeException}, a
 * {@code null} result, and a filter that goes away during the call defer the message with
 * {@code 451}.
 */
@ConsumerType
public interface MessageFilter {

    /**
     * Judges one message.
     *
     * @param transaction the transaction: the client, its environment, the sender and every
     *        accepted recipient
     * @param content the message as it will be queued: LF line ends, the listener's
     *        {@code Received} line first; readable during this call only
     * @return accept (with header fields to add), reject or defer
     * @throws IOException when the message cannot be read or the filter's service is unreachable
     */
    FilterResult filter(MailTransaction transaction, MessageContent content) throws IOException;
}

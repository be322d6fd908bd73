package org.tessera.api.filter;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.policy.ClientInfo;

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
 * <p>Called off the event loop; may block (a scanner daemon). An {@link IOException} or a
 * {@code RuntimeException}, and a filter that goes away during the call, defer the message
 * with {@code 451}.
 */
@ConsumerType
public interface MessageFilter {

    /**
     * Judges one message.
     *
     * @param client the connection
     * @param environment the variables of the client's connection rule
     * @param authenticatedUser the user name the session authenticated as, or empty
     * @param envelope the sender and the accepted recipients
     * @param content the message as it will be queued: LF line ends, the listener's
     *        {@code Received} line first; readable during this call only
     * @return accept (with header fields to add), reject or defer
     * @throws IOException when the message cannot be read or the filter's service is unreachable
     */
    FilterResult filter(ClientInfo client, Map<String, String> environment, String authenticatedUser,
            Envelope envelope, MessageContent content) throws IOException;
}

package org.tessera.james.smtp;

import java.util.List;

import org.apache.james.protocols.smtp.SMTPSession;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The text of the trace header that {@link ReceivedHeaderFilter} puts in front of each message.
 *
 * <p>Called on a protocol handler thread once per message, when its first line arrives.
 * Implementations must not block, and in particular must not resolve names: the client's address
 * is {@code session.getRemoteAddress().getAddress().getHostAddress()}, never
 * {@code getHostName()}.
 */
@ConsumerType
@FunctionalInterface
public interface ReceivedHeader {

    /**
     * Returns the header's physical lines, without line ends.
     *
     * @param session the SMTP session whose message is starting; its transaction holds the
     *        sender and recipients
     * @return the lines; the first starts with the field name (e.g. {@code "Received: from ..."}),
     *         the others with white space. An empty list adds nothing.
     */
    List<String> lines(SMTPSession session);
}

package org.tessera.api.queue;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;

/**
 * A delivery channel the queue hands recipients to, qmail's spawner (qmail-lspawn or
 * qmail-rspawn) as a service. Register it with the service property {@link #CHANNEL}; the
 * queue uses the highest-ranked service of each channel, and while there is none, deliveries
 * of that channel wait in the queue.
 *
 * <p>The queue calls {@link #deliver} once per recipient and attempt, from its scheduler, at
 * most {@code concurrencylocal} or {@code concurrencyremote} at a time. The call must return
 * at once; the work (user lookup, DNS, SMTP, file writes, programs) runs on the channel's own
 * threads or event loops.
 */
@ConsumerType
public interface DeliveryChannel {

    /**
     * Service property naming the channel: {@code "LOCAL"} or {@code "REMOTE"}, the name of a
     * {@link Channel} constant (type {@code String}).
     */
    String CHANNEL = "tessera.queue.channel";

    /**
     * Delivers the message to one recipient.
     *
     * <p>The stage completes with qmail's report: success, permanent failure (the text goes
     * into the bounce) or temporary failure (retried on qmail's schedule). A stage that
     * completes exceptionally, or a {@code RuntimeException} thrown here, counts as a
     * temporary failure. A channel that is deactivated completes its open stages as temporary
     * failures. A crash before the queue recorded the report repeats the delivery later, so a
     * delivery may happen twice, never not at all.
     *
     * @param messageId the queue's number of the message ({@code msg <id>} in the log)
     * @param sender the envelope sender, VERP already expanded for this recipient
     *        ({@code list-joe=x.com@example.org}); {@link MailAddress#NULL_SENDER} for a bounce
     * @param recipient the recipient as rewritten by the queue (envnoathost, percent hack,
     *        virtual-domain prepend)
     * @param content the queued message, the queue's {@code Received} line first; valid until
     *        the stage completes
     * @return the report, completed on any thread
     */
    CompletionStage<DeliveryReport> deliver(long messageId, MailAddress sender, MailAddress recipient,
            MessageContent content);
}

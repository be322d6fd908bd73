package org.tessera.api.queue;

import java.io.InputStream;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;
import org.tessera.api.mail.Envelope;

/**
 * The durable queue's entrance, qmail-queue as a service. Every injector uses it: the SMTP,
 * QMTP and QMQP listeners, local forwards, and the queue's own bounces.
 *
 * <p><b>Streaming.</b> The queue reads {@code content} on its own threads, straight to
 * storage, and closes it; the caller never blocks in {@code inject}. The stream may block
 * while its bytes arrive (for example a pipe a netty handler feeds), but must not be read
 * by anyone else. The content is the message as it is to be stored: LF line ends, the
 * injector's own {@code Received} line first if it adds one. The queue prepends its own
 * line, {@code Received: (qmail <qp> invoked <who>); <date>}, with {@code <who>} taken from
 * the {@link Origin}.
 *
 * <p><b>Abandoning.</b> To abandon an injection (client gone, {@code databytes} exceeded, hop
 * limit reached), make the stream throw an {@link java.io.IOException}: nothing is queued,
 * and the result is {@link InjectResult.Outcome#TEMPORARY} with exit code 54.
 *
 * <p><b>Result.</b> The returned stage completes with {@link InjectResult.Outcome#OK} only
 * after the message and its envelope are on stable storage (the commit point: a crash after
 * it loses nothing), and otherwise with the outcome and text of the matching qmail-queue exit
 * code (qmail-queue(8)), for example permanent 11 for an address over 1002
 * bytes or temporary 53 for a full disk. It never completes exceptionally. It may complete
 * on any thread; a dependent action that blocks must be given an executor of its own.
 */
@ProviderType
public interface MailQueue {

    /**
     * Queues a message whose envelope is known before its content (SMTP, forwards, bounces).
     *
     * @param envelope the sender and recipients
     * @param origin who injects, for the {@code Received} line and the {@code uid} of the log
     * @param content the message bytes, read to the end and closed by the queue
     * @return the outcome, completed after the commit point or the failure
     */
    CompletionStage<InjectResult> inject(Envelope envelope, Origin origin, InputStream content);

    /**
     * Queues a message whose envelope arrives after its content (QMTP and QMQP send the
     * message first). The queue stores the content as it arrives and commits when both the
     * content has ended and the envelope stage has completed. When the envelope stage
     * completes exceptionally (every recipient refused, bad sender), nothing is queued and the
     * result is {@link InjectResult.Outcome#TEMPORARY} with exit code 54.
     *
     * @param envelope the sender and recipients, completed when known
     * @param origin who injects, for the {@code Received} line and the {@code uid} of the log
     * @param content the message bytes, read to the end and closed by the queue
     * @return the outcome, completed after the commit point or the failure
     */
    CompletionStage<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin, InputStream content);
}

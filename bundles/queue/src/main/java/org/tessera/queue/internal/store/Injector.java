package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.mail.Envelope;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * qmail-queue's steps for one injection, run on the queue's worker threads: the content is
 * taken (inline, or synced into its own file when big), then the M record goes to the log,
 * whose sync is the commit point. Every failure removes what was written and maps to one exit code.
 */
public final class Injector {

    private static final Logger LOG = LoggerFactory.getLogger(Injector.class);

    private final QueueStore store;
    private final Executor workers;
    private final long serverUid;
    private final Clock clock;

    /**
     * @param store a recovered store
     * @param workers runs the blocking steps; one injection occupies a worker while its stream is read
     * @param serverUid the uid recorded for network and bounce injections
     */
    public Injector(QueueStore store, Executor workers, long serverUid, Clock clock) {
        this.store = store;
        this.workers = workers;
        this.serverUid = serverUid;
        this.clock = clock;
    }

    /** Starts an injection; the stage never completes exceptionally. */
    public CompletableFuture<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin, InputStream content) {
        CompletableFuture<InjectResult> result = new CompletableFuture<>();
        run(() -> takeContent(envelope, origin, content, result), result, content);
        return result;
    }

    private void takeContent(CompletionStage<Envelope> envelope, Origin origin, InputStream content,
            CompletableFuture<InjectResult> result) {
        long id = store.nextId();
        Instant now = clock.instant();
        ContentWriter.Content taken;
        try {
            byte[] received = ReceivedLine.of(id, origin, now).getBytes(StandardCharsets.US_ASCII);
            taken = ContentWriter.take(received, content, store.settings().inlineLimit(), store.bigFile(id));
        } catch (ContentWriter.ReadFailure e) {
            fail(id, result, QueueResults.READ_ERROR);
            return;
        } catch (IOException e) {
            LOG.warn("trouble writing message {}: {}", id, e.toString());
            fail(id, result, QueueResults.WRITE_ERROR);
            return;
        }
        long uid = origin.uid() == Origin.SERVER_UID ? serverUid : origin.uid();
        CompletableFuture<Envelope> known = envelope.toCompletableFuture();
        if (known.isDone() && !known.isCompletedExceptionally()) {
            commit(id, uid, now, taken, known.join(), origin, result);
            return;
        }
        // The QMTP/QMQP envelope may still be on its way; hop back to a worker, never block on it.
        known.whenComplete((arrived, failure) -> {
            if (failure != null) {
                fail(id, result, QueueResults.READ_ERROR);
            } else {
                run(() -> commit(id, uid, now, taken, arrived, origin, result), result, null);
            }
        });
    }

    private void commit(long id, long uid, Instant now, ContentWriter.Content content, Envelope envelope,
            Origin origin, CompletableFuture<InjectResult> result) {
        if (LogRecords.tooLong(envelope)) {
            fail(id, result, QueueResults.ADDRESS_TOO_LONG);
            return;
        }
        int count = envelope.recipients().size();
        StoredMessage message = new StoredMessage(id, id, uid, now, content.size(), envelope,
                Collections.nCopies(count, State.PENDING), Collections.nCopies(count, ""),
                Collections.nCopies(count, 0L));
        store.commit(message, content.inline(), (int) Math.min(content.size(), Integer.MAX_VALUE),
                origin.kind() == Origin.Kind.BOUNCE)
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        result.complete(QueueResults.queued(id, id));
                    } else {
                        fail(id, result, QueueResults.WRITE_ERROR);
                    }
                });
    }

    private void fail(long id, CompletableFuture<InjectResult> result, InjectResult why) {
        store.discard(id);
        result.complete(why);
    }

    // A rejected task (queue stopping) or a bug must still complete the stage and close the stream.
    private void run(Runnable step, CompletableFuture<InjectResult> result, InputStream content) {
        try {
            workers.execute(() -> {
                try {
                    step.run();
                } catch (RuntimeException bug) {
                    LOG.error("injection failed", bug);
                    result.complete(QueueResults.INTERNAL_BUG);
                }
            });
        } catch (RejectedExecutionException stopping) {
            closeQuietly(content);
            result.complete(QueueResults.QUEUE_TROUBLE);
        }
    }

    static void closeQuietly(InputStream content) {
        if (content != null) {
            try {
                content.close();
            } catch (IOException ignored) {
                // Nothing was read from it, nothing to report.
            }
        }
    }
}

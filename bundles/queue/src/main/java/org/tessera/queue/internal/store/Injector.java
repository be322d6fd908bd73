package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.mail.Envelope;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;

/**
 * qmail-queue's steps for one injection, run on the queue's worker threads: content to
 * {@code <id>}, envelope to {@code <id>.new}, both synced, then the {@link Committer}.
 * Every failure removes what was written and maps to one exit code.
 */
public final class Injector {

    private static final Logger LOG = LoggerFactory.getLogger(Injector.class);

    private final QueueStore store;
    private final Executor workers;
    private final Committer committer;
    private final long serverUid;
    private final Clock clock;

    /**
     * @param store a recovered store
     * @param workers runs the blocking steps; one injection occupies a worker while its stream is read
     * @param committer a {@link GroupCommitter}, or {@link Committer#direct} for one sync per message
     * @param serverUid the uid recorded for network and bounce injections
     */
    public Injector(QueueStore store, Executor workers, Committer committer, long serverUid, Clock clock) {
        this.store = store;
        this.workers = workers;
        this.committer = committer;
        this.serverUid = serverUid;
        this.clock = clock;
    }

    /** Returns a committer syncing once per message, for comparison with group commit. */
    public static Committer directCommitter(QueueStore store) {
        return Committer.direct(store);
    }

    /** Starts an injection; the stage never completes exceptionally. */
    public CompletableFuture<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin, InputStream content) {
        CompletableFuture<InjectResult> result = new CompletableFuture<>();
        run(() -> writeContent(envelope, origin, content, result), result, content);
        return result;
    }

    private void writeContent(CompletionStage<Envelope> envelope, Origin origin, InputStream content,
            CompletableFuture<InjectResult> result) {
        long id = store.nextId();
        Instant now = clock.instant();
        long size;
        try {
            size = MessageWriter.writeContent(store.content(id), id, origin, now, content);
        } catch (MessageWriter.ReadFailure e) {
            fail(id, result, QueueResults.READ_ERROR);
            return;
        } catch (IOException e) {
            LOG.warn("trouble writing message {}: {}", id, e.toString());
            fail(id, result, QueueResults.WRITE_ERROR);
            return;
        }
        long uid = origin.uid() == Origin.SERVER_UID ? serverUid : origin.uid();
        // The QMTP/QMQP envelope may still be on its way; hop back to a worker, never block on it.
        envelope.whenComplete((known, failure) -> {
            if (failure != null) {
                fail(id, result, QueueResults.READ_ERROR);
            } else {
                run(() -> writeEnvelope(id, uid, now, size, known, result), result, null);
            }
        });
    }

    private void writeEnvelope(long id, long uid, Instant now, long size, Envelope envelope,
            CompletableFuture<InjectResult> result) {
        if (EnvelopeFile.tooLong(envelope)) {
            fail(id, result, QueueResults.ADDRESS_TOO_LONG);
            return;
        }
        try {
            MessageWriter.writeEnvelope(store.pending(id), EnvelopeFile.encode(uid, id, now, size, envelope));
        } catch (IOException e) {
            LOG.warn("trouble writing envelope of message {}: {}", id, e.toString());
            fail(id, result, QueueResults.WRITE_ERROR);
            return;
        }
        committer.commit(id).whenComplete((ok, failure) -> {
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

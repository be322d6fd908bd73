package org.tessera.queue.internal.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits injections in batches on one thread: every request that arrived while the previous
 * directory sync ran is renamed into place, then one directory sync makes them all durable.
 *
 * <p>Why this split. A file's data can only be made durable by syncing that file, so each
 * injection syncs its own two files, on its own worker thread: many fsyncs in flight at once
 * are merged by the filesystem's journal (ext4's jbd2 commits them in one transaction), which
 * a single thread forcing them one after another would forgo. What is truly shared is the
 * directory: the creates and renames of a whole batch are made durable by one directory sync,
 * and its latency is what lets the next batch grow. An append-only journal holding whole
 * messages would need one fsync per batch instead of two per message, but it copies every
 * message twice (journal, then its own file for delivery) or turns delivery and removal into
 * journal compaction; the measured rates (README) did not call for it.
 */
public final class GroupCommitter implements Committer, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitter.class);

    private record Request(long id, CompletableFuture<Void> done) {
    }

    private final QueueStore store;
    private final BlockingQueue<Request> pending = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    /** Starts the committer thread. */
    public GroupCommitter(QueueStore store, String threadName) {
        this.store = store;
        this.thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public CompletableFuture<Void> commit(long id) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.add(new Request(id, done));
        if (closed) {
            // Raced with close(): the loop may be gone, so take it back out ourselves.
            failRemaining();
        }
        return done;
    }

    private void loop() {
        List<Request> batch = new ArrayList<>();
        while (!closed) {
            try {
                Request first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                pending.drainTo(batch);
                commitBatch(batch);
                batch.clear();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException bug) {
                LOG.error("group commit failed", bug);
                batch.forEach(r -> r.done.completeExceptionally(bug));
                batch.clear();
            }
        }
    }

    private void commitBatch(List<Request> batch) {
        List<Request> renamed = new ArrayList<>(batch.size());
        for (Request request : batch) {
            try {
                store.rename(request.id);
                renamed.add(request);
            } catch (IOException e) {
                request.done.completeExceptionally(e);
            }
        }
        try {
            store.syncDirectory();
            renamed.forEach(r -> r.done.complete(null));
        } catch (IOException e) {
            LOG.warn("trouble fsyncing {}", store.messageDirectory(), e);
            renamed.forEach(r -> r.done.completeExceptionally(e));
        }
    }

    private void failRemaining() {
        Request left;
        while ((left = pending.poll()) != null) {
            left.done.completeExceptionally(new IOException("queue stopped"));
        }
    }

    /** Commits what is pending, then stops the thread; later requests fail. */
    @Override
    public void close() throws InterruptedException {
        List<Request> last = new ArrayList<>();
        closed = true;
        thread.join();
        pending.drainTo(last);
        if (!last.isEmpty()) {
            commitBatch(last);
        }
    }
}

package org.tessera.queue.internal.store;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/** Makes a written injection visible and durable: rename {@code <id>.new} to {@code <id>.env}, sync the directory. */
public interface Committer {

    /**
     * Commits one injection whose files are written and synced.
     *
     * @return completes normally once the rename is durable, exceptionally when it failed
     */
    CompletableFuture<Void> commit(long id);

    /** One directory sync per message, on the injecting thread: the baseline group commit is measured against. */
    static Committer direct(QueueStore store) {
        return id -> {
            try {
                store.rename(id);
                store.syncDirectory();
                return CompletableFuture.completedFuture(null);
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }
}

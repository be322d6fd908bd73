package org.tessera.queue.internal;

import java.io.ByteArrayInputStream;
import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.queue.internal.store.QueueStore;

/**
 * The process the kill test kills: starts the queue on {@code args[0]} (which runs recovery),
 * then injects from {@code args[1]} threads until killed. Prints {@code READY}, then
 * {@code ACK <id> <seed>} after each acknowledged injection and {@code MARK <id>} after
 * recording recipient 0 of some of them delivered; each line flushed before the next step.
 */
public final class KillChild {

    private KillChild() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "US-ASCII");
        int threads = Integer.parseInt(args[1]);
        QueueService queue = TestQueues.activate(Path.of(args[0]), "workerThreads", threads * 2);
        QueueStore store = queue.store().get();
        out.println("READY");
        for (int t = 0; t < threads; t++) {
            Thread injector = new Thread(() -> {
                try {
                    while (true) {
                        long seed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
                        InjectResult result = queue.inject(KillMessages.envelope(seed), Origin.NETWORK,
                                new ByteArrayInputStream(KillMessages.content(seed))).toCompletableFuture().get();
                        if (result.outcome() != InjectResult.Outcome.OK) {
                            out.println("FAIL " + result);
                            continue;
                        }
                        out.println("ACK " + result.messageId() + " " + seed);
                        if (seed % 4 == 0) {
                            store.record(result.messageId(), 0, State.DELIVERED, "").join();
                            out.println("MARK " + result.messageId());
                        }
                    }
                } catch (Exception e) {
                    out.println("FAIL " + e);
                }
            });
            injector.start();
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}

package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class OnDemandPoolTest {

    private static void awaitWaitingWorker(ThreadPoolExecutor pool) throws InterruptedException {
        LinkedTransferQueue<Runnable> line = (LinkedTransferQueue<Runnable>) pool.getQueue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!line.hasWaitingConsumer() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }

    @Test
    void aThreadStartsOnlyWhenEveryThreadIsBusyAndTasksBeyondMaxWait() throws Exception {
        ThreadPoolExecutor pool = OnDemandPool.create(10, 30, Thread::new);
        try {
            for (int i = 0; i < 200; i++) {
                pool.submit(() -> { }).get(5, TimeUnit.SECONDS);
                // The worker is back waiting for work a moment after the task's future completes: wait for
                // exactly that, not for a guess at the moment (a loaded machine made 2 ms too short).
                awaitWaitingWorker(pool);
            }
            assertEquals(1, pool.getPoolSize(), "one task at a time needs one thread");

            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(10);
            AtomicInteger done = new AtomicInteger();
            for (int i = 0; i < 25; i++) {
                pool.execute(() -> {
                    started.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.incrementAndGet();
                });
            }
            assertTrue(started.await(5, TimeUnit.SECONDS), "ten run at once");
            assertEquals(10, pool.getPoolSize());
            assertEquals(15, pool.getQueue().size(), "the rest wait in line");
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (done.get() < 25 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(25, done.get());
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
        }
    }
}

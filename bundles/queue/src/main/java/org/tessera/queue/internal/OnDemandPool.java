package org.tessera.queue.internal;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A pool that starts a thread only when every thread it has is busy, up to {@code max}; beyond,
 * tasks wait in line. A {@link ThreadPoolExecutor} with an unbounded queue instead starts a new
 * thread for each task until it has its core size, idle threads or not: 50 SMTP sessions made the
 * queue's pool grow to all 100 of its workers. Hand-written because the JDK has no such pool: the
 * work queue hands a task only to a thread already waiting for one, which makes the executor
 * start a thread when none waits, and once at {@code max} the task is queued for the next free one.
 */
final class OnDemandPool {

    private OnDemandPool() {
    }

    static ThreadPoolExecutor create(int max, long keepAliveSeconds, ThreadFactory threads) {
        LinkedTransferQueue<Runnable> line = new LinkedTransferQueue<>() {
            private static final long serialVersionUID = 1L;

            @Override
            public boolean offer(Runnable task) {
                return tryTransfer(task);
            }
        };
        // One core thread that never times out, so a task queued at max always finds a taker.
        return new ThreadPoolExecutor(1, Math.max(1, max), keepAliveSeconds, TimeUnit.SECONDS, line, threads,
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the queue's workers are stopped");
                    }
                    line.put(task);
                });
    }
}

package org.tessera.listener;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Names a server's threads {@code <prefix>0}, {@code <prefix>1}, ... so that a leak shows whose
 * it is. Netty's own {@code DefaultThreadFactory} adds a pool number ({@code smtp-io-3-1}).
 * The threads are daemons, so that one that outlives a failed unbind cannot hold up JVM exit.
 */
final class ServerThreadFactory implements ThreadFactory {

    private final String prefix;
    private final AtomicInteger next = new AtomicInteger();

    ServerThreadFactory(String prefix) {
        this.prefix = prefix;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new FastThreadLocalThread(runnable, prefix + next.getAndIncrement());
        thread.setDaemon(true);
        return thread;
    }
}

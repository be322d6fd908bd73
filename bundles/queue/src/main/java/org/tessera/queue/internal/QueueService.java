package org.tessera.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.Envelope;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.queue.internal.store.Committer;
import org.tessera.queue.internal.store.GroupCommitter;
import org.tessera.queue.internal.store.Injector;
import org.tessera.queue.internal.store.QueueResults;
import org.tessera.queue.internal.store.QueueStore;

/** qmail-queue as a service: owns the worker threads and the committer of {@code <home>/queue}. */
// Immediate, so that recovery (qmail-clean) runs at start and not at the first injection.
@Component(service = MailQueue.class, immediate = true, configurationPid = QueueService.PID)
@Designate(ocd = QueueServiceConfiguration.class)
public final class QueueService implements MailQueue {

    static final String PID = "org.tessera.queue";

    private static final Logger LOG = LoggerFactory.getLogger(QueueService.class);

    // Only its directory is used, to find the home; package-private so that tests may leave it null.
    @Reference
    ControlFiles control;

    private ThreadPoolExecutor workers;
    private GroupCommitter groupCommitter;
    private QueueStore store;
    private volatile CompletableFuture<Injector> ready;

    // Starts recovery on a worker and returns: injections that come meanwhile wait for it there.
    @Activate
    void activate(QueueServiceConfiguration config) {
        Path home = config.home().isBlank() ? control.directory().getParent() : Path.of(config.home().strip());
        store = new QueueStore(home.toAbsolutePath().normalize().resolve("queue"));
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.workerThreads());
        workers = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> new Thread(task, "tessera-queue-" + count.incrementAndGet()));
        workers.allowCoreThreadTimeOut(true);
        Committer committer;
        if (config.groupCommit()) {
            groupCommitter = new GroupCommitter(store, "tessera-queue-commit");
            committer = groupCommitter;
        } else {
            committer = Injector.directCommitter(store);
        }
        ready = CompletableFuture.supplyAsync(() -> recover(committer), workers);
    }

    private Injector recover(Committer committer) {
        try {
            List<Long> committed = store.recover();
            LOG.info("queue {} recovered: {} messages", store.messageDirectory().getParent(), committed.size());
            return new Injector(store, workers, committer, serverUid(), Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            LOG.error("alert: cannot start: unable to recover the queue {}", store.messageDirectory(), e);
            throw new IllegalStateException(e);
        }
    }

    // The uid qmail would record for qmaild and qmails: here, the owner of the queue directory.
    private long serverUid() {
        try {
            return ((Number) Files.getAttribute(store.messageDirectory(), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("injections still reading their streams after 30 s; interrupting them");
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        if (groupCommitter != null) {
            groupCommitter.close();
        }
    }

    /** The store, for the scheduler of this bundle; complete once recovery is done. */
    CompletableFuture<QueueStore> store() {
        return ready.thenApply(injector -> store);
    }

    @Override
    public CompletionStage<InjectResult> inject(Envelope envelope, Origin origin, InputStream content) {
        return inject(CompletableFuture.completedFuture(Objects.requireNonNull(envelope, "envelope")), origin, content);
    }

    @Override
    public CompletionStage<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin, InputStream content) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(content, "content");
        CompletableFuture<Injector> started = ready;
        if (started.isDone() && !started.isCompletedExceptionally()) {
            return started.join().inject(envelope, origin, content);
        }
        return started.handle((injector, failure) -> injector).thenCompose(injector -> {
            if (injector == null) {
                try {
                    content.close();
                } catch (IOException ignored) {
                    // The injection fails anyway; nothing more to say.
                }
                return CompletableFuture.completedFuture(QueueResults.QUEUE_TROUBLE);
            }
            return injector.inject(envelope, origin, content);
        });
    }
}

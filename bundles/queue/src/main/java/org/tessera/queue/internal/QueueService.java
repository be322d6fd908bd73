package org.tessera.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.maillog.MailLog;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.DeferralReason;
import org.tessera.api.queue.QueueAdmin;
import org.tessera.api.queue.QueueStatus;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.common.maillog.MailLogBuffer;
import org.tessera.common.metrics.NoMetrics;
import org.tessera.queue.internal.store.Injector;
import org.tessera.queue.internal.store.QueueResults;
import org.tessera.queue.internal.store.QueueStore;

/**
 * qmail-queue and qmail-send as one service: owns the worker threads and the store (with its
 * log thread) of {@code <home>/queue}, and the {@link Scheduler} that delivers what they commit.
 */
// Immediate, so that recovery (qmail-clean) runs at start and not at the first injection.
// One component for both interfaces: the scheduler needs the store and the commit hook of
// this very instance, which a second component could only reach through a static.
@Component(service = {MailQueue.class, QueueAdmin.class}, immediate = true, configurationPid = QueueService.PID)
@Designate(ocd = QueueServiceConfiguration.class)
public final class QueueService implements MailQueue, QueueAdmin {

    static final String PID = "org.tessera.queue";

    private static final Logger LOG = LoggerFactory.getLogger(QueueService.class);

    // Only its directory is used, to find the home; package-private so that tests may leave it null.
    @Reference
    ControlFiles control;

    // Lines wait here while the mail-log service is away (at boot, while it is updated).
    private final MailLogBuffer waitingMailLog = new MailLogBuffer(Clock.systemUTC());

    // Tests replace these before activate: a clock they move, a list for the mail log.
    Clock clock = Clock.systemUTC();
    MailLog mailLog = waitingMailLog;

    private final ChannelRegistry channels = new ChannelRegistry();
    // Kept by the scheduler on each transition; the gauges read it.
    private final QueueDepth depth = new QueueDepth();
    private volatile QueueMeters meters = new QueueMeters(NoMetrics.INSTANCE, depth, this::now);
    // Null when there are no control files (store-only tests); set before recovery completes.
    private volatile Scheduler scheduler;
    private volatile SchedulerAdmin admin;
    private ThreadPoolExecutor workers;
    private QueueStore store;
    private volatile CompletableFuture<Injector> ready;
    // The messages recovery found, for the scheduler's first pass; set before ready completes.
    private volatile List<Long> recovered = List.of();

    // Starts recovery on a worker and returns: injections that come meanwhile wait for it there.
    @Activate
    void activate(QueueServiceConfiguration config) {
        Path home = config.home().isBlank() ? control.home() : Path.of(config.home().strip());
        Path directory = home.toAbsolutePath().normalize().resolve("queue");
        try {
            QueueDirectory.requireUsable(directory);
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            throw e;
        }
        store = new QueueStore(directory, new QueueStore.Settings(config.logSegmentBytes(), config.inlineLimit(),
                config.groupCommit(), 4 * config.logSegmentBytes()));
        AtomicInteger count = new AtomicInteger();
        int threads = Math.max(1, config.workerThreads());
        workers = OnDemandPool.create(threads, 30,
                task -> new Thread(task, "tessera-queue-" + count.incrementAndGet()));
        if (control != null) {
            scheduler = new Scheduler(store, this, control, channels::current, clock, mailLog,
                    config.stopWaitSeconds(), Math.max(1, Math.min(config.spawnLimit(), Scheduler.MAX_SPAWN_LIMIT)),
                    depth, () -> meters);
            admin = new SchedulerAdmin(scheduler);
        }
        ready = CompletableFuture.supplyAsync(this::recover, workers);
        Scheduler started = scheduler;
        if (started != null) {
            ready.thenRun(() -> started.start(recovered));
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMailLog")
    void bindMailLog(MailLog service) {
        waitingMailLog.bind(service);
    }

    void unbindMailLog(MailLog service) {
        waitingMailLog.unbind(service);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMetrics")
    void bindMetrics(Metrics service) {
        QueueMeters previous = meters;
        meters = new QueueMeters(service, depth, this::now);
        previous.close();
    }

    // The service closes this bundle's gauges too when it leaves; closing them here covers a replacement.
    void unbindMetrics(Metrics service) {
        QueueMeters previous = meters;
        meters = new QueueMeters(NoMetrics.INSTANCE, depth, this::now);
        previous.close();
    }

    private Instant now() {
        return clock.instant();
    }

    // A channel's arrival is the moment its waiting deliveries can go: wake the scheduler.
    @Reference(name = "channel", service = DeliveryChannel.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindChannel", updated = "updatedChannel")
    void bindChannel(DeliveryChannel channel, Map<String, Object> properties) {
        if (channels.bind(channel, properties)) {
            wake();
        }
    }

    void updatedChannel(DeliveryChannel channel, Map<String, Object> properties) {
        bindChannel(channel, properties);
    }

    // Deliveries already handed to a departing channel are completed by it (as temporary failures).
    void unbindChannel(DeliveryChannel channel, Map<String, Object> properties) {
        channels.unbind(properties);
    }

    /** The scheduler, for tests that move the clock and then ask for a pass; null without control files. */
    Scheduler scheduler() {
        return scheduler;
    }

    private void wake() {
        Scheduler s = scheduler;
        if (s != null) {
            s.wake();
        }
    }

    private Injector recover() {
        try {
            List<Long> committed = store.recover();
            recovered = committed;
            LOG.info("queue {} recovered: {} messages, {} moved aside as damaged", store.directory(),
                    committed.size(), store.corrupt());
            return new Injector(store, workers, serverUid(), clock);
        } catch (IOException | RuntimeException e) {
            LOG.error("alert: cannot start: unable to recover the queue {}", store.directory(), e);
            throw new IllegalStateException(e);
        }
    }

    // The uid qmail would record for qmaild and qmails: here, the owner of the queue directory.
    private long serverUid() {
        try {
            return ((Number) Files.getAttribute(store.directory(), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        // The scheduler first: its last tasks may still inject bounces through the workers.
        if (scheduler != null) {
            scheduler.close();
        }
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("injections still reading their streams after 30 s; interrupting them");
            workers.shutdownNow();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
        store.close();
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
        CompletionStage<InjectResult> result = injectNow(envelope, origin, content);
        result.thenAccept(r -> meters.injected(origin.kind(), r.outcome()));
        // The commit hook (qmail-queue's trigger write): the scheduler takes the message at once.
        Scheduler s = scheduler;
        if (s != null) {
            result.thenAccept(r -> {
                if (r.outcome() == InjectResult.Outcome.OK) {
                    s.committed(r.messageId());
                }
            });
        }
        return result;
    }

    private CompletionStage<InjectResult> injectNow(CompletionStage<Envelope> envelope, Origin origin,
            InputStream content) {
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

    private SchedulerAdmin admin() {
        SchedulerAdmin a = admin;
        if (a == null) {
            throw new IllegalStateException("the queue has no scheduler (no control files)");
        }
        return a;
    }

    @Override
    public QueueStatus status() {
        return admin().status();
    }

    @Override
    public List<DeferralReason> recentDeferrals() {
        return admin().recentDeferrals();
    }

    @Override
    public List<QueuedMessage> messages() throws IOException {
        return admin().messages();
    }

    @Override
    public Optional<QueuedMessage> message(long id) throws IOException {
        return admin().message(id);
    }

    @Override
    public Optional<MessageContent> content(long id) throws IOException {
        return admin().content(id);
    }

    @Override
    public void pause() {
        admin().pause();
    }

    @Override
    public void resume() {
        admin().resume();
    }

    @Override
    public void retryAll() {
        admin().retryAll();
    }

    @Override
    public boolean retry(long id) throws IOException {
        return admin().retry(id);
    }

    @Override
    public boolean remove(long id) throws IOException {
        return admin().remove(id);
    }

    @Override
    public boolean bounce(long id, String reason) throws IOException {
        return admin().bounce(id, reason);
    }
}

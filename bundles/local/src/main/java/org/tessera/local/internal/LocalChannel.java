package org.tessera.local.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
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
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.QueueChannel;
import org.tessera.api.users.UserDirectory;
import org.tessera.common.hooks.HookCalls;
import org.tessera.common.metrics.NoMetrics;
import org.tessera.common.services.RankedServices;

/**
 * The LOCAL delivery channel, qmail-lspawn and qmail-local: each recipient is looked up in the
 * {@link UserDirectory} chain and its {@code .qmail} file carried out by the {@link DeliveryTarget}s,
 * on this component's worker threads. Directories and targets come and go without restarting it;
 * a missing target defers.
 */
@Component(service = DeliveryChannel.class, configurationPid = LocalChannel.PID)
@QueueChannel(Channel.LOCAL)
@Designate(ocd = LocalChannelConfiguration.class)
public final class LocalChannel implements DeliveryChannel {

    static final String PID = "org.tessera.local";
    static final String STOPPED = "Local delivery stopped; will try again later. (#4.3.0)\n";

    private static final Logger LOG = LoggerFactory.getLogger(LocalChannel.class);
    private static final long STOP_WAIT_SECONDS = 30;

    @Reference
    ControlFiles control;

    // UFLINE's date; qmail-local takes the time once per delivery, in UTC.
    private final Clock clock = Clock.systemUTC();

    // Tests set this before activate, to deliver in-process although they run as root.
    boolean serverIsRoot = ServerIdentity.isRoot();

    private volatile LocalMeters meters = new LocalMeters(NoMetrics.INSTANCE, clock);
    private final RankedServices<UserDirectory> directories = new RankedServices<>();
    private final RankedServices<DeliveryTarget> targets = new RankedServices<>();
    private final Set<CompletableFuture<DeliveryReport>> open = ConcurrentHashMap.newKeySet();
    private ThreadPoolExecutor workers;
    private HookCalls pluginCalls;
    private QmailLspawn lspawn;
    private volatile RootMode rootMode;

    @Activate
    void activate(LocalChannelConfiguration config, BundleContext context) {
        int threads = Math.max(1, config.workerThreads());
        AtomicInteger number = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, "tessera-local-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        workers = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), factory);
        workers.allowCoreThreadTimeOut(true);
        boolean root = serverIsRoot;
        Function<QmailLocal.Request, DeliveryReport> qmailLocal;
        if (root) {
            RootMode mode = new RootMode(context, () -> targets.firstByProperty(DeliveryTarget.KIND), this::target,
                    (kind, content) -> meters.carriedOut(kind, content), config.userProcessIdleSeconds(),
                    config.maxUserProcesses());
            rootMode = mode;
            qmailLocal = mode::deliver;
        } else {
            qmailLocal = new QmailLocal(this::target, clock)::deliver;
        }
        pluginCalls = new HookCalls("tessera-local-plugin", threads, Duration.ofSeconds(config.pluginTimeoutSeconds()));
        pluginCalls.registration(plugin -> targets.services().contains(plugin) || directories.services().contains(plugin));
        lspawn = new QmailLspawn(this::directoryChain, qmailLocal, root);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (rootMode != null) {
            rootMode.close();
        }
        workers.shutdownNow();
        pluginCalls.shutdown();
        if (!workers.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            LOG.warn("local deliveries still running {} s after the channel stopped", STOP_WAIT_SECONDS);
        }
        // Whatever did not finish is retried; a delivery finishing later cannot change the answer.
        for (CompletableFuture<DeliveryReport> stage : List.copyOf(open)) {
            stage.complete(new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, STOPPED));
        }
    }

    @Override
    public CompletionStage<DeliveryReport> deliver(long messageId, MailAddress sender, MailAddress recipient,
            MessageContent content) {
        CompletableFuture<DeliveryReport> stage = new CompletableFuture<>();
        open.add(stage);
        stage.whenComplete((report, failure) -> open.remove(stage));
        try {
            workers.execute(() -> stage.complete(deliverNow(messageId, sender, recipient, content)));
        } catch (RejectedExecutionException e) {
            stage.complete(new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, STOPPED));
        }
        return stage;
    }

    private DeliveryReport deliverNow(long messageId, MailAddress sender, MailAddress recipient,
            MessageContent content) {
        try {
            return lspawn.deliver(messageId, sender, recipient, content, defaultDelivery());
        } catch (RuntimeException e) {
            LOG.warn("local delivery of msg {} failed", messageId, e);
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, ReportText.of(QmailLspawn.lookupFailed(e)));
        }
    }

    /** ControlFiles reads the file byte for byte into chars; .qmail text is UTF-8, as addresses are. */
    private String defaultDelivery() {
        return new String(control.defaultDelivery().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    // Every target the server runs is measured; a root server's user processes report theirs (RootMode).
    private Optional<DeliveryTarget> target(String kind) {
        LocalMeters measuring = meters;
        return targets.first(DeliveryTarget.KIND, kind)
                .map(target -> measuring.measured(kind, DotQmailParser.BUILT_IN_KINDS.contains(kind) ? target
                        : delivery -> {
                            try {
                                return pluginAnswer(target, () -> target.deliver(delivery));
                            } catch (IOException e) {
                                return new DeliveryResult(DeliveryResult.Outcome.TEMPORARY,
                                        "The " + kind + " delivery target failed: " + e.getMessage() + ". (#4.3.0)");
                            }
                        }));
    }

    // The built-in directories answer from files at hand; a plugin's (LDAP, SQL) is called with the deadline.
    private List<UserDirectory> directoryChain() {
        return directories.services().stream().map(directory -> directory instanceof AssignDirectory
                || directory instanceof PasswdDirectory || directory instanceof AliasDirectory ? directory
                        : (UserDirectory) recipient -> pluginAnswer(directory, () -> directory.find(recipient))).toList();
    }

    /**
     * A plugin's answer, called on a thread of its own with the plugin deadline: one that throws, answers
     * nothing, passes the deadline or is stopped during the call is an {@code IOException}, which defers.
     */
    private <R> R pluginAnswer(Object plugin, Callable<R> call) throws IOException {
        try {
            return pluginCalls.call(plugin, call).join();
        } catch (CompletionException e) {
            HookCalls.HookFailure failure = HookCalls.failureOf(e);
            if (failure.getCause() instanceof IOException cannotAnswer) {
                throw cannotAnswer;
            }
            throw new IOException(failure.getMessage(), failure);
        }
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindMetrics")
    void bindMetrics(Metrics service) {
        meters = new LocalMeters(service, clock);
    }

    void unbindMetrics(Metrics service) {
        meters = new LocalMeters(NoMetrics.INSTANCE, clock);
    }

    @Reference(name = "directory", service = UserDirectory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDirectory", updated = "bindDirectory")
    void bindDirectory(UserDirectory directory, Map<String, Object> properties) {
        directories.bind(directory, properties);
    }

    void unbindDirectory(UserDirectory directory) {
        directories.unbind(directory);
    }

    @Reference(name = "target", service = DeliveryTarget.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindTarget", updated = "bindTarget")
    void bindTarget(DeliveryTarget target, Map<String, Object> properties) {
        targets.bind(target, properties);
        targetsChanged();
    }

    void unbindTarget(DeliveryTarget target) {
        targets.unbind(target);
        targetsChanged();
    }

    // A user process holds the classes of the targets it was started with: a replaced bundle must not live on there.
    private void targetsChanged() {
        RootMode mode = rootMode;
        if (mode != null) {
            mode.targetsChanged();
        }
    }
}

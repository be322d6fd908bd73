package org.tessera.smtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.listener.Listener;
import org.tessera.api.listener.ListenerState;
import org.tessera.api.maillog.MailLog;
import org.tessera.api.policy.HeloPolicy;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.SenderPolicy;
import org.tessera.api.queue.MailQueue;
import org.tessera.common.auth.CheckerChain;
import org.tessera.common.hooks.HookCalls;
import org.tessera.common.hooks.HookMeters;
import org.tessera.common.services.RankedServices;
import org.tessera.listener.ListenerServices;
import org.tessera.listener.LineChunkFramer;
import org.tessera.listener.LoginThrottle;
import org.tessera.listener.ServerTls;
import org.tessera.listener.TcpServer;

/**
 * An SMTP listener: tcpserver ({@link TcpServer}) and qmail-smtpd in one component, on James
 * Protocols' netty server. James supplies the transport, the per-connection session and the handler threads;
 * the dialogue is Tessera's own ({@link SmtpServerSession}), because James's SMTP command handlers
 * answer with James's texts, advertise SIZE and enhanced codes, and parse addresses with
 * javax.mail, which refuses forms qmail takes.
 */
@Component(configurationPid = SmtpListener.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = Listener.class)
@Designate(ocd = SmtpListenerConfiguration.class, factory = true)
public final class SmtpListener implements Listener {

    static final String PID = "org.tessera.smtp";
    static final Logger LOG = LoggerFactory.getLogger(SmtpListener.class);
    // The framer hands over at most this much at once; DATA lines may be longer and come in pieces.
    private static final int CHUNK = 8192;

    // Package-private: the dialogue test (SmtpDialogueTest) sets the services as SCR would.
    @Reference
    ControlFiles control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile MailQueue queue;

    @Reference
    ListenerServices services;

    @Reference
    ServerTls tls;

    @Reference
    LoginThrottle throttle;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<PasswordChecker> passwordCheckers = List.of();
    private final CheckerChain checkers = new CheckerChain(() -> passwordCheckers);
    private SenderLogin senderLogin;

    // The plugins, as DS keeps each list: sorted as ServiceReference.compareTo does, lowest ranking
    // first. Package-private: the dialogue test sets them as SCR would.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<HeloPolicy> heloPolicies = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<SenderPolicy> senderPolicies = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<RelayPolicy> relayPolicies = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    volatile List<MessageFilter> messageFilters = List.of();
    private HookCalls hooks;
    private Runnable stopMeasuringHooks = () -> { };
    private SmtpMeters meters;
    private Runnable stopMeasuringFilters = () -> { };
    private ExecutorService filterWorkers;
    private HookCalls filterCalls;
    private FilteredInjection filtering;

    private SmtpListenerConfiguration config;
    private Set<String> ownAddresses = Set.of();
    private volatile TcpServer server;
    private String name;

    @Activate
    void activate(SmtpListenerConfiguration configuration, BundleContext context) throws Exception {
        name = configuration.name();
        this.config = configuration;
        if (configuration.port() == 0) {
            LOG.info("SMTP listener {} disabled (port 0)", configuration.name());
            return;
        }
        if (configuration.localInjection() && !InetAddress.getByName(configuration.bind()).isLoopbackAddress()) {
            throw new IllegalArgumentException("SMTP listener " + configuration.name() + ": local injection (sendmail -bs)"
                    + " listens on a loopback address only, not " + configuration.bind());
        }
        if (configuration.localInjection() && (configuration.implicitTls() || configuration.startTls()
                || configuration.auth() || configuration.submission())) {
            throw new IllegalArgumentException("SMTP listener " + configuration.name() + ": local injection"
                    + " (sendmail -bs) speaks neither TLS nor AUTH");
        }
        senderLogin = SenderLogin.of(configuration.senderLogin());
        meters = new SmtpMeters(name, services::metrics);
        ownAddresses = ownAddresses();
        hooks = new HookCalls("tessera-smtp-" + name + "-hook", Math.max(1, configuration.hookThreads()),
                Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds())));
        stopMeasuringHooks = services.onMetrics(metrics -> hooks.measure(new HookMeters(metrics, name)));
        // The password checkers are called as one chain, which sees a checker's stop itself.
        hooks.registration(hook -> hook == checkers || heloPolicies.contains(hook) || senderPolicies.contains(hook)
                || relayPolicies.contains(hook));
        if (configuration.messageFilters()) {
            filtering = filtering(configuration, context);
            stopMeasuringFilters = services.onMetrics(metrics -> filterCalls.measure(new HookMeters(metrics, name)));
        }
        TcpServer.Builder builder = TcpServer.builder("SMTP", configuration.name(), this::session).bind(configuration.bind())
                .port(configuration.port()).handlerThreads(perCore(configuration.handlerThreads()))
                .ioThreads(perCore(configuration.ioThreads()))
                .framer(new LineChunkFramer(CHUNK)).rules(services::rules).mailLog(services.mailLog()).measuredBy(services)
                .hookTimeout(Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds()))).concurrency(control::concurrencyIncoming)
                .localHost(() -> control.me().orElse("")).halfClosure(true)
                .whileOthersWait(Duration.ofSeconds(configuration.busySilentSeconds()),
                        Duration.ofSeconds(configuration.busyIdleSeconds()))
                .perAddress(configuration::maxConnectionsPerAddress, configuration::maxConnectionRatePerAddress);
        if (configuration.implicitTls()) {
            builder.implicitTls(tls::context);
        }
        server = builder.build();
        server.start();
        LOG.info("SMTP listener {} on {}:{}{}", configuration.name(), configuration.bind(), configuration.port(),
                configuration.implicitTls() ? ", implicit TLS" : configuration.startTls() ? ", STARTTLS" : "");
    }

    // 0 in the configuration: one thread per core.
    private static int perCore(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    @Override
    public ListenerState state() {
        return TcpServer.stateOf(server, "SMTP", name);
    }

    @Override
    public String tlsMode() {
        return config.implicitTls() ? "implicit" : config.startTls() ? "STARTTLS" : "none";
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        if (hooks != null) {
            stopMeasuringHooks.run();
            hooks.shutdown();
        }
        if (filterCalls != null) {
            stopMeasuringFilters.run();
            filterCalls.shutdown();
        }
        if (filterWorkers != null) {
            filterWorkers.shutdownNow();
            if (!filterWorkers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("message filters of listener {} still running after 30 s", config.name());
            }
        }
    }

    // Spool files left by an earlier run belong to messages that were never acknowledged.
    private FilteredInjection filtering(SmtpListenerConfiguration configuration, BundleContext context)
            throws IOException {
        Path spool = Files.createDirectories(context.getDataFile("spool-" + configuration.name()).toPath());
        try (DirectoryStream<Path> left = Files.newDirectoryStream(spool)) {
            for (Path file : left) {
                Files.deleteIfExists(file);
            }
        }
        AtomicInteger threads = new AtomicInteger();
        filterWorkers = Executors.newFixedThreadPool(Math.max(1, configuration.filterThreads()), task -> {
            Thread t = new Thread(task, "tessera-smtp-" + configuration.name() + "-filter-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        filterCalls = new HookCalls("tessera-smtp-" + configuration.name() + "-filter",
                Math.max(1, configuration.filterThreads()),
                Duration.ofSeconds(Math.max(1, configuration.filterTimeoutSeconds())));
        filterCalls.registration(filter -> messageFilters.contains(filter));
        return new FilteredInjection(spool, filterWorkers, filterCalls,
                () -> RankedServices.highestFirst(messageFilters), this::queue);
    }

    ControlFiles control() {
        return control;
    }

    Optional<MailQueue> queue() {
        return Optional.ofNullable(queue);
    }

    /** The relay policies now, highest ranking first. */
    List<RelayPolicy> policies() {
        return RankedServices.highestFirst(relayPolicies);
    }

    /** The HELO policies now, highest ranking first. */
    List<HeloPolicy> heloPolicies() {
        return RankedServices.highestFirst(heloPolicies);
    }

    /** The sender policies now, highest ranking first. */
    List<SenderPolicy> senderPolicies() {
        return RankedServices.highestFirst(senderPolicies);
    }

    /** Where the policies are called, each with the listener's deadline. */
    HookCalls hooks() {
        return hooks;
    }

    /** The filtering of DATA, when this listener is configured for it. */
    Optional<FilteredInjection> filtering() {
        return Optional.ofNullable(filtering);
    }

    /** Whether STARTTLS is on (EHLO offers it while a certificate is usable). */
    boolean startTlsEnabled() {
        return config.startTls();
    }

    /** What this listener counts. */
    SmtpMeters meters() {
        return meters;
    }

    /** The mail log, for the login lines. */
    MailLog mailLog() {
        return services.mailLog();
    }

    /** The server's TLS, for a session's STARTTLS. */
    ServerTls tls() {
        return tls;
    }

    /** Whether AUTH is offered (to sessions that are encrypted). */
    boolean offersAuth() {
        return config.auth() || config.submission();
    }

    /** Whether this is a submission port: nothing is taken before AUTH. */
    boolean isSubmission() {
        return config.submission();
    }

    /** Which senders an authenticated client may use. */
    SenderLogin senderLogin() {
        return senderLogin;
    }

    /** The throttle of password guessing, shared with every listener that checks passwords. */
    LoginThrottle throttle() {
        return throttle;
    }

    /** The listener's name, as the mail log and tcprules know it. */
    String name() {
        return name;
    }

    /** Checks a password with the checkers, on a hook thread with the hook deadline; clears the password. */
    CompletableFuture<CheckerChain.Answer> checkPassword(String login, byte[] password) {
        return hooks.call(checkers, () -> checkers.check(login, password, ""));
    }

    /** Whether a listener that filters has no filter to ask (then DATA is refused for now). */
    boolean lacksFilters() {
        return filtering != null && messageFilters.isEmpty();
    }

    /** Whether an IPv4 literal names this host (qmail's ipme), for {@code localiphost}. */
    boolean isThisHost(String ip) {
        return ownAddresses.contains(ip);
    }

    private static Set<String> ownAddresses() throws SocketException {
        Set<String> addresses = new HashSet<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                addresses.add(address.getHostAddress());
            }
        }
        return Set.copyOf(addresses);
    }

    private TcpServer.Session session(TcpServer.Connection connection) {
        if (config.localInjection()) {
            return new LocalInjection(connection.james(), connection.transport(), name, control.timeoutSmtpd(),
                    (client, environment) -> new SmtpServerSession(this, connection.james(), connection.transport(),
                            client, environment, SmtpSettings.read(control, config, environment)));
        }
        return new SmtpServerSession(this, connection.james(), connection.transport(), connection.client(),
                connection.environment(), SmtpSettings.read(control, config, connection.environment()));
    }
}

package org.tessera.qmtp.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFileException;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.listener.Listener;
import org.tessera.api.listener.ListenerState;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.queue.MailQueue;
import org.tessera.common.hooks.HookCalls;
import org.tessera.common.hooks.HookMeters;
import org.tessera.common.listener.Databytes;
import org.tessera.common.services.RankedServices;
import org.tessera.listener.ByteChunkFramer;
import org.tessera.listener.ListenerServices;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.ListenerMessages;
import org.tessera.listener.TcpServer;

/**
 * A QMTP listener: tcpserver ({@link TcpServer}) and qmail-qmtpd ({@link QmtpSession}) in one
 * component.
 */
@Component(configurationPid = QmtpListener.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = Listener.class)
@Designate(ocd = QmtpListenerConfiguration.class, factory = true)
public final class QmtpListener implements Listener {

    static final String PID = "org.tessera.qmtp";
    private static final Logger LOG = LoggerFactory.getLogger(QmtpListener.class);
    static final int CHUNK = 8192;
    // qmail-qmtpd reads these afresh in each process.
    private static final Set<String> QMTPD_FILES = Set.of("rcpthosts", "morercpthosts.cdb", "databytes");

    @Reference
    private ControlFiles control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailQueue queue;

    @Reference
    private ListenerServices services;

    private final RankedServices<RelayPolicy> policies = new RankedServices<>();
    private volatile HookCalls hooks;
    private Runnable stopMeasuringHooks = () -> { };

    private QmtpListenerConfiguration config;
    private volatile TcpServer server;
    private String name;
    private KeptCounters messages;

    @Activate
    void activate(QmtpListenerConfiguration configuration) throws Exception {
        name = configuration.name();
        messages = ListenerMessages.counters(name, services::metrics);
        this.config = configuration;
        if (configuration.port() == 0) {
            LOG.info("QMTP listener {} disabled (port 0)", configuration.name());
            return;
        }
        hooks = new HookCalls("tessera-qmtp-" + name + "-hook", Math.max(1, configuration.hookThreads()),
                Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds())));
        stopMeasuringHooks = services.onMetrics(metrics -> hooks.measure(new HookMeters(metrics, name)));
        hooks.registration(policy -> policies().contains(policy));
        server = TcpServer.builder("QMTP", configuration.name(), this::session).bind(configuration.bind())
                .port(configuration.port()).handlerThreads(configuration.handlerThreads())
                .framer(new ByteChunkFramer(CHUNK)).rules(services::rules).mailLog(services.mailLog())
                .measuredBy(services)
                .hookTimeout(Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds()))).concurrency(control::concurrencyIncoming)
                .localHost(() -> control.me().orElse("")).build();
        server.start();
        LOG.info("QMTP listener {} on {}:{}", configuration.name(), configuration.bind(), configuration.port());
    }

    @Override
    public ListenerState state() {
        return TcpServer.stateOf(server, "QMTP", name);
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop();
        }
        if (hooks != null) {
            stopMeasuringHooks.run();
            hooks.shutdown();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindPolicy", updated = "updatedPolicy")
    void bindPolicy(RelayPolicy policy, Map<String, Object> properties) {
        policies.bind(policy, properties);
    }

    void updatedPolicy(RelayPolicy policy, Map<String, Object> properties) {
        policies.bind(policy, properties);
    }

    void unbindPolicy(RelayPolicy policy) {
        policies.unbind(policy);
    }

    /** The relay-policy chain now, highest ranking first (the older service first among equals), as SMTP's. */
    List<RelayPolicy> policies() {
        return policies.services();
    }

    private TcpServer.Session session(TcpServer.Connection connection) {
        return new QmtpSession(connection, () -> queue, messages, config.maxSessionSeconds(), databytes(connection.environment()),
                config.maxRecipients(), this::policies, hooks);
    }

    // control/databytes, unless the client's rule sets DATABYTES (qmail-qmtpd reads both).
    private long databytes(Map<String, String> environment) {
        try {
            control.refresh(QMTPD_FILES);
        } catch (ControlFileException e) {
            LOG.warn("control files unreadable; the last values read stay in force", e);
        }
        return Databytes.of(environment, control.databytes(), bad -> LOG.warn(
                "DATABYTES={} from control/tcp.{} is not a number; using control/databytes", bad, config.name()));
    }
}

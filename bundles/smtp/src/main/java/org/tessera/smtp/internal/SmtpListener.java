package org.tessera.smtp.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.james.protocols.api.ProtocolConfiguration;
import org.apache.james.protocols.api.ProtocolImpl;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ConnectHandler;
import org.apache.james.protocols.api.handler.DisconnectHandler;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerChainImpl;
import org.apache.james.protocols.api.handler.WiringException;
import org.osgi.framework.BundleContext;
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
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.policy.ConnectionRules;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.MailQueue;
import org.tessera.james.netty.ChannelTransport;
import org.tessera.james.netty.LineChunkFramer;
import org.tessera.james.netty.ManagedNettyServer;

/**
 * An SMTP listener: tcpserver and qmail-smtpd in one component, on James Protocols' netty
 * server. James supplies the transport, the per-connection session and the handler threads;
 * the dialogue is Tessera's own ({@link SmtpSession}), because James's SMTP command handlers
 * answer with James's texts, advertise SIZE and enhanced codes, and parse addresses with
 * javax.mail, which refuses forms qmail takes.
 */
@Component(configurationPid = SmtpListener.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = {})
@Designate(ocd = SmtpListenerConfiguration.class, factory = true)
public final class SmtpListener {

    static final String PID = "org.tessera.smtp";
    static final Logger LOG = LoggerFactory.getLogger(SmtpListener.class);
    private static final Logger MAIL_LOG = LoggerFactory.getLogger("tessera.maillog");
    // The framer hands over at most this much at once; DATA lines may be longer and come in pieces.
    private static final int CHUNK = 8192;

    static final Verdict NOT_IN_RCPTHOSTS = new Verdict(Verdict.Outcome.REJECT, 553,
            "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");
    static final Verdict POLICY_FAILED = new Verdict(Verdict.Outcome.DEFER, 451,
            "relay policy failed; try again later (#4.3.0)");

    private static final AttachmentKey<SmtpSession> SESSION = AttachmentKey.of("tessera.smtp", SmtpSession.class);

    @Reference
    private ControlFiles control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailQueue queue;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ConnectionRules rules;

    private final RankedServices<RelayPolicy> policies = new RankedServices<>();
    private final RankedServices<MessageFilter> filters = new RankedServices<>();
    private ExecutorService filterWorkers;
    private FilteredInjection filtering;

    private final AtomicLong sessions = new AtomicLong();
    private final Object admission = new Object();
    private final Deque<SmtpSession> waitingForSlot = new ArrayDeque<>();
    private int active;
    private SmtpListenerConfiguration config;
    private Set<String> ownAddresses = Set.of();
    private ManagedNettyServer server;

    @Activate
    void activate(SmtpListenerConfiguration configuration, BundleContext context) throws Exception {
        this.config = configuration;
        if (configuration.port() == 0) {
            LOG.info("SMTP listener {} disabled (port 0)", configuration.name());
            return;
        }
        ownAddresses = ownAddresses();
        if (configuration.messageFilters()) {
            filtering = filtering(configuration, context);
        }
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        chain.add(new Connect());
        chain.add(new Lines());
        chain.add(new Disconnect());
        try {
            chain.wireExtensibleHandlers();
        } catch (WiringException e) {
            throw new IllegalStateException(e);
        }
        ProtocolImpl protocol = new ProtocolImpl(chain, new NamesFromControl()) {
            @Override
            public String getName() {
                return "SMTP";
            }
        };
        server = ManagedNettyServer.builder(protocol).name(configuration.name())
                .frameHandlerFactory(new LineChunkFramer(CHUNK)).handlerThreads(configuration.handlerThreads()).build();
        // Idle time is the session's own business (timeoutsmtpd, with qmail's 451 before closing).
        server.setTimeout(0);
        server.setListenAddresses(new InetSocketAddress(configuration.bind(), configuration.port()));
        server.bind();
        LOG.info("SMTP listener {} on {}:{}", configuration.name(), configuration.bind(), configuration.port());
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (server != null) {
            server.unbind();
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
        return new FilteredInjection(spool, filterWorkers, filters::ordered, this::queue);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindPolicy", updated = "updatedPolicy")
    void bindPolicy(RelayPolicy policy, Map<String, Object> properties) {
        policies.add(policy, properties);
    }

    void updatedPolicy(RelayPolicy policy, Map<String, Object> properties) {
        policies.update(policy, properties);
    }

    void unbindPolicy(RelayPolicy policy) {
        policies.remove(policy);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, unbind = "unbindFilter", updated = "updatedFilter")
    void bindFilter(MessageFilter filter, Map<String, Object> properties) {
        filters.add(filter, properties);
    }

    void updatedFilter(MessageFilter filter, Map<String, Object> properties) {
        filters.update(filter, properties);
    }

    void unbindFilter(MessageFilter filter) {
        filters.remove(filter);
    }

    ControlFiles control() {
        return control;
    }

    Optional<MailQueue> queue() {
        return Optional.ofNullable(queue);
    }

    List<RelayPolicy> policies() {
        return policies.ordered();
    }

    /** The filtering of DATA, when this listener is configured for it. */
    Optional<FilteredInjection> filtering() {
        return Optional.ofNullable(filtering);
    }

    /** Whether a listener that filters has no filter to ask (then DATA is refused for now). */
    boolean lacksFilters() {
        return filtering != null && filters.ordered().isEmpty();
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

    // CONTRACT 2: qmail-smtpd reads these afresh in each process, so an edit applies at the next
    // connection without a reload. refresh() costs a stat per file when nothing changed.
    private static final Set<String> SMTPD_FILES = Set.of("rcpthosts", "morercpthosts.cdb", "badmailfrom",
            "databytes", "smtpgreeting", "localiphost", "timeoutsmtpd");

    // A control file that cannot be read gives qmail's 421 (an empty greeting), not a crash.
    private SmtpSettings sessionSettings(Map<String, String> environment) {
        try {
            control.refresh(SMTPD_FILES);
            return settings(environment);
        } catch (ControlFileException e) {
            LOG.warn("control files unreadable; answering 421", e);
            return new SmtpSettings("", 0, 1, Optional.empty(), config.maxCommandBytes(), config.maxCommands(),
                    config.maxRecipients(), config.maxSessionSeconds());
        }
    }

    private SmtpSettings settings(Map<String, String> environment) {
        long databytes = control.databytes();
        String fromRule = environment.get("DATABYTES");
        if (fromRule != null) {
            try {
                databytes = Long.parseLong(fromRule.strip());
            } catch (NumberFormatException e) {
                LOG.warn("DATABYTES={} from control/tcp.{} is not a number; using control/databytes", fromRule,
                        config.name());
            }
        }
        String greeting = control.smtpGreeting().or(control::me).orElse("");
        return new SmtpSettings(greeting, databytes, control.timeoutSmtpd(), control.localIpHost(),
                config.maxCommandBytes(), config.maxCommands(), config.maxRecipients(), config.maxSessionSeconds());
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress().getHostAddress();
    }

    // James asks these only in its own handlers, which this listener does not use; answering from
    // control/me also keeps James's ProtocolConfigurationImpl (a blocking host-name lookup) out.
    private final class NamesFromControl implements ProtocolConfiguration {
        @Override
        public String getGreeting() {
            return control.smtpGreeting().or(control::me).orElse("");
        }

        @Override
        public String getSoftwareName() {
            return "Tessera";
        }

        @Override
        public String getHelloName() {
            return control.me().orElse("");
        }
    }

    private final class Connect implements ConnectHandler<ProtocolSession> {
        @Override
        public Response onConnect(ProtocolSession james) {
            ChannelTransport transport = (ChannelTransport) ((ProtocolSessionImpl) james).getProtocolTransport();
            transport.setReadable(false);
            long number = sessions.incrementAndGet();
            InetSocketAddress remote = james.getRemoteAddress();
            InetSocketAddress local = james.getLocalAddress();
            ClientInfo client = new ClientInfo(config.name(), host(remote), remote.getPort(), host(local),
                    local.getPort(), "", "", control.me().orElse(""));
            MAIL_LOG.info("tcpserver: pid {} from {}", number, client.remoteIp());
            ConnectionDecision decision;
            try {
                ConnectionRules current = rules;
                decision = current == null ? ConnectionDecision.ALLOW : current.check(client);
            } catch (RuntimeException e) {
                LOG.warn("connection rules failed for {}; connection dropped", client.remoteIp(), e);
                decision = ConnectionDecision.DENY;
            }
            String ends = client.localHost() + ":" + client.localIp() + ":" + client.localPort() + " "
                    + client.remoteHost() + ":" + client.remoteIp() + ":" + client.remoteInfo() + ":" + client.remotePort();
            if (!decision.allowed()) {
                MAIL_LOG.info("tcpserver: deny {} {}", number, ends);
                return Response.DISCONNECT;
            }
            MAIL_LOG.info("tcpserver: ok {} {}", number, ends);
            Map<String, String> environment = decision.environment();
            SmtpSession session = new SmtpSession(SmtpListener.this, james, transport, client, environment, number,
                    sessionSettings(environment));
            james.setAttachment(SESSION, session, State.Connection);
            admit(session, transport);
            return null;
        }
    }

    // tcpserver -c: beyond concurrencyincoming a connection waits, unanswered, for a slot.
    private void admit(SmtpSession session, ChannelTransport transport) {
        int limit = Math.max(1, control.concurrencyIncoming());
        synchronized (admission) {
            if (active >= limit) {
                waitingForSlot.addLast(session);
                return;
            }
            active++;
            MAIL_LOG.info("tcpserver: status: {}/{}", active, limit);
        }
        transport.execute(session::greet);
    }

    private void leave(SmtpSession session) {
        int limit = Math.max(1, control.concurrencyIncoming());
        SmtpSession next;
        synchronized (admission) {
            if (waitingForSlot.remove(session)) {
                return;
            }
            active--;
            MAIL_LOG.info("tcpserver: end {} status 0", session.number);
            MAIL_LOG.info("tcpserver: status: {}/{}", active, limit);
            next = waitingForSlot.pollFirst();
            if (next != null) {
                active++;
                MAIL_LOG.info("tcpserver: status: {}/{}", active, limit);
            }
        }
        if (next != null) {
            next.admitted();
        }
    }

    private final class Lines implements LineHandler<ProtocolSession> {
        @Override
        public Response onLine(ProtocolSession james, byte[] bytes) {
            james.getAttachment(SESSION, State.Connection).ifPresent(session -> session.received(bytes));
            return null;
        }
    }

    private final class Disconnect implements DisconnectHandler<ProtocolSession> {
        @Override
        public void onDisconnect(ProtocolSession james) {
            james.getAttachment(SESSION, State.Connection).ifPresent(session -> {
                session.disconnected();
                leave(session);
            });
        }
    }
}

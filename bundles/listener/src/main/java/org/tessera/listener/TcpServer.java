package org.tessera.listener;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

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
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.listener.ListenerState;
import org.tessera.api.maillog.MailLog;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.policy.ConnectionRules;
import org.tessera.common.hooks.HookCalls;

import io.netty.handler.ssl.SslContext;

/**
 * tcpserver's part of a listener, on a {@link ManagedNettyServer}: the chain of connection rules at
 * connect, asked on hook threads with a deadline while the client is not read (a denied client, and
 * one whose rules failed, is closed without a word), {@code concurrencyincoming} admission (beyond the
 * limit a connection waits, unanswered, for a slot, as connections wait in tcpserver's backlog), the
 * {@link ClientInfo} of each connection, and tcpserver's mail-log lines, exactly as tcpserver
 * writes them: {@code tcpserver: pid N from IP}, {@code tcpserver: ok|deny N
 * localhost:localip:localport remotehost:remoteip:remoteinfo:remoteport},
 * {@code tcpserver: status: n/c}, {@code tcpserver: end N status 0}. The protocol is the
 * {@link Session}'s: it gets the bytes as the framer cut them, on the connection's handler thread.
 */
public final class TcpServer {

    /** One admitted connection's protocol; every method is called on the connection's handler thread. */
    public interface Session {

        /** A slot under {@code concurrencyincoming} is the session's: greet, then read the client. */
        void start();

        /** Bytes from the client, as the framer cut them. */
        void received(byte[] bytes);

        /** The connection is gone (also for a session that was never started). */
        void disconnected();

        /**
         * The client ended its half of the connection, after every byte {@link #received} before. Called
         * only by servers built with {@link Builder#halfClosure}, whose sessions answer what they read
         * and then close the connection.
         */
        default void inputEnded() {
            throw new UnsupportedOperationException("a server with half-closure needs sessions that handle it");
        }

        /**
         * The gate whose idle clock tells how long the client has left the session with nothing to do
         * ({@link ReadGate#idleNanos}); read from another thread while every slot is taken and a connection
         * waits. Default: none, the session is never idle and never ended for room.
         */
        default ReadGate gate() {
            return null;
        }

        /** How long the client has left the session with nothing to do; by default the gate's clock. */
        default long idleNanos() {
            ReadGate gate = gate();
            return gate == null ? 0 : gate.idleNanos();
        }

        /** Whether the client has sent nothing at all since its greeting; by default the gate's word. */
        default boolean silent() {
            ReadGate gate = gate();
            return gate != null && gate.silent();
        }

        /**
         * The client's address passed a limit of the listener's (connections open, or opened this minute):
         * the session is never started; tell the client when the protocol has a way (SMTP's 421) and close.
         * Default: the connection is closed.
         */
        default void refuse(ChannelTransport transport) {
            transport.closeNow();
        }

        /**
         * Every slot is taken, a connection waits, and this session is the idlest: end it, telling the
         * client when the protocol has a way (SMTP's 421). Default: the connection is closed.
         */
        default void evict(ChannelTransport transport) {
            transport.closeNow();
        }

        /**
         * The listener stops (its bundle is stopped or updated): end the session, telling the client when the
         * protocol has a way (SMTP's 421), once what the server already took is answered. Default: the
         * connection is closed with the listener.
         *
         * @return completed when the session has said its last word
         */
        default CompletionStage<Void> stopping(ChannelTransport transport) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * An allowed connection, from which the listener makes its {@link Session}.
     *
     * @param james James's session, for writing responses
     * @param transport the connection, unreadable until the session makes it readable
     * @param client tcpserver's {@code TCP*} variables
     * @param environment the variables of the client's connection rule
     * @param number the connection's number, the {@code pid} of tcpserver's lines
     */
    public record Connection(ProtocolSession james, ChannelTransport transport, ClientInfo client,
            Map<String, String> environment, long number) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(TcpServer.class);
    // How long a stopping listener waits for the answers its sessions owe (a message the queue is committing).
    private static final long STOPPING_SECONDS = 10;
    private static final AttachmentKey<Admitted> SESSION = AttachmentKey.of("tessera.tcpserver", Admitted.class);

    private final Builder settings;
    private final AtomicLong connections = new AtomicLong();
    private final Object admission = new Object();
    // By arrival (a number per connection), so that the oldest and the newest are found and a waiting
    // client that leaves is removed without a scan.
    private final NavigableMap<Long, Admitted> waitingForSlot = new TreeMap<>();
    // The sessions holding a slot, guarded by admission: the candidates for eviction while others wait.
    private final Set<Admitted> serving = new LinkedHashSet<>();
    private int active;
    private ManagedNettyServer server;
    private HookCalls hooks;
    private ScheduledExecutorService relief;
    private Runnable stopMeasuringHooks = () -> { };
    private final AddressLimits addressLimits;
    private final KeptCounters connectionCounters;
    private final KeptCounters handshakeCounters;
    private final KeptCounters evictionCounter;

    /**
     * A connection and, once its rules allowed it, its session, on the connection's handler thread
     * only. Bytes the framer cut before the session started (read before the connection was made
     * unreadable) wait for its start; a connection gone before its rules answered or before its turn
     * never starts.
     */
    private static final class Admitted {
        private Session session;
        private Connection connection;
        private final List<byte[]> early = new ArrayList<>();
        private boolean started;
        private boolean inputEnded;
        private boolean disconnected;
        // Guarded by admission: chosen once for eviction, never twice.
        private boolean evicting;
        // Past its address's limits: never held a slot nor waited for one.
        private boolean refused;
        // Guarded by admission: its place among the connections waiting for a slot.
        private long arrival;

        boolean isAllowed() {
            return session != null;
        }

        void allowed(Session allowedSession, Connection allowedConnection) {
            session = allowedSession;
            connection = allowedConnection;
        }

        void start() {
            if (disconnected) {
                return;
            }
            started = true;
            session.start();
            for (byte[] bytes : early) {
                session.received(bytes);
            }
            early.clear();
            if (inputEnded) {
                session.inputEnded();
            }
        }

        void received(byte[] bytes) {
            if (started) {
                session.received(bytes);
            } else {
                early.add(bytes);
            }
        }

        void inputEnded() {
            if (started) {
                session.inputEnded();
            } else {
                inputEnded = true;
            }
        }
    }

    private TcpServer(Builder settings) {
        this.settings = settings;
        ListenerMeters meters = settings.meters;
        this.connectionCounters = new KeptCounters(ListenerMeters.CONNECTIONS.label("listener", settings.name),
                meters::metrics, "outcome");
        this.handshakeCounters = new KeptCounters(ListenerMeters.HANDSHAKES.label("listener", settings.name),
                meters::metrics, "outcome");
        this.evictionCounter = new KeptCounters(ListenerMeters.EVICTIONS.label("listener", settings.name), meters::metrics);
        this.addressLimits = new AddressLimits(settings.maxPerAddress, settings.maxPerAddressPerMinute, System::nanoTime);
    }

    /**
     * Starts building a server.
     *
     * @param protocol the protocol's name for James and the logging context, e.g. {@code QMTP}
     * @param name the listener's name: its rules ({@code control/tcp.<name>}), {@link ClientInfo#listener()}
     *        and its threads' names
     * @param sessions makes the session of each allowed connection
     */
    public static Builder builder(String protocol, String name, Function<Connection, Session> sessions) {
        return new Builder(protocol, name, sessions);
    }

    private void log(String line) {
        settings.mailLog.write(new MailLogLine(Instant.now(), MailLogLine.Kind.CONNECTION, line));
    }

    /** Binds the listening socket; the server then accepts connections. */
    public synchronized void start() throws Exception {
        ProtocolHandlerChainImpl chain = new ProtocolHandlerChainImpl();
        chain.add(new Connect());
        chain.add(new Lines());
        chain.add(new Disconnect());
        try {
            chain.wireExtensibleHandlers();
        } catch (WiringException e) {
            throw new IllegalStateException(e);
        }
        ProtocolImpl protocol = new ProtocolImpl(chain, new NamesFromSettings()) {
            @Override
            public String getName() {
                return settings.protocol;
            }
        };
        hooks = new HookCalls("tessera-" + settings.name + "-rules", settings.hookThreads, settings.hookTimeout);
        hooks.registration(rules -> settings.rules.get().contains(rules));
        stopMeasuringHooks = settings.meters.measure(hooks, settings.name);
        ManagedNettyServer.Builder netty = ManagedNettyServer.builder(protocol).name(settings.name)
                .frameHandlerFactory(settings.framer).handlerThreads(settings.handlerThreads)
                .halfClosure(settings.halfClosure).handshakes(this::handshake);
        if (settings.implicitTls != null) {
            netty.implicitTls(settings.implicitTls);
        }
        server = netty.build();
        server.setIoWorkerCount(settings.ioThreads);
        // Idle time is each session's own business (qmail's texts before closing, or none).
        server.setTimeout(0);
        server.setListenAddresses(new InetSocketAddress(settings.bind, settings.port));
        server.bind();
        relief = Executors.newSingleThreadScheduledExecutor(new ServerThreadFactory("tessera-" + settings.name + "-relief-"));
        relief.scheduleWithFixedDelay(this::makeRoom, 1, 1, TimeUnit.SECONDS);
        settings.meters.started(this);
    }

    /**
     * Lets every session say its last word ({@link Session#stopping}, waiting at most
     * {@value #STOPPING_SECONDS} s for answers the server owes), then closes the listening socket and every
     * connection, and stops the server's threads.
     */
    public synchronized void stop() {
        settings.meters.stopped(this);
        if (relief != null) {
            relief.shutdownNow();
            relief = null;
        }
        if (server != null) {
            List<Admitted> open;
            synchronized (admission) {
                open = List.copyOf(serving);
            }
            List<CompletableFuture<Void>> lastWords = new ArrayList<>();
            for (Admitted admitted : open) {
                CompletableFuture<Void> said = new CompletableFuture<>();
                lastWords.add(said);
                ChannelTransport transport = admitted.connection.transport();
                transport.execute(() -> admitted.session.stopping(transport)
                        .whenComplete((done, failure) -> said.complete(null)));
            }
            try {
                CompletableFuture.allOf(lastWords.toArray(CompletableFuture[]::new))
                        .get(STOPPING_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("{}: sessions still busy {} s after the listener began to stop; closing them", settings.name,
                        STOPPING_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server.unbind();
            server = null;
        }
        if (hooks != null) {
            stopMeasuringHooks.run();
            hooks.shutdown();
            hooks = null;
        }
    }

    /** The state of a listener's server, which is null while the listener is disabled (port 0). */
    public static ListenerState stateOf(TcpServer server, String protocol, String name) {
        return server != null ? server.state() : new ListenerState(protocol, name, List.of(), 0, 0);
    }

    /** The listener's addresses and sessions now, for the console. */
    public ListenerState state() {
        List<String> addresses = boundAddresses().stream().map(a -> host(a) + ":" + a.getPort()).toList();
        synchronized (admission) {
            return new ListenerState(settings.protocol, settings.name, addresses, active, waitingForSlot.size());
        }
    }

    /** The listener's name, the {@code listener} label of its meters. */
    String name() {
        return settings.name;
    }

    /** Sessions holding a slot now. */
    double servingCount() {
        synchronized (admission) {
            return active;
        }
    }

    /** Connections waiting for a slot now. */
    double waitingCount() {
        synchronized (admission) {
            return waitingForSlot.size();
        }
    }

    private void count(MeterIdOutcome outcome) {
        connectionCounters.get(outcome.label).increment();
    }

    /** The outcomes of a connection, as {@code tessera_listener_connections_total} labels them. */
    private enum MeterIdOutcome {
        ALLOWED("allowed"), DENIED("denied"), REFUSED("refused");

        private final String label;

        MeterIdOutcome(String label) {
            this.label = label;
        }
    }

    private void handshake(boolean succeeded) {
        handshakeCounters.get(succeeded ? "ok" : "failed").increment();
    }

    /** The addresses bound (with the port chosen when the port was 0); empty when not started. */
    public synchronized List<InetSocketAddress> boundAddresses() {
        return server == null ? List.of() : server.getListenAddresses();
    }

    private static String host(InetSocketAddress address) {
        return address.getAddress().getHostAddress();
    }

    // James asks these only in its own handlers, which these listeners do not use; answering from
    // the listener's settings also keeps James's ProtocolConfigurationImpl (a blocking host-name lookup) out.
    private final class NamesFromSettings implements ProtocolConfiguration {
        @Override
        public String getGreeting() {
            return settings.localHost.get();
        }

        @Override
        public String getSoftwareName() {
            return "Tessera";
        }

        @Override
        public String getHelloName() {
            return settings.localHost.get();
        }
    }

    private final class Connect implements ConnectHandler<ProtocolSession> {
        @Override
        public Response onConnect(ProtocolSession james) {
            ChannelTransport transport = (ChannelTransport) ((ProtocolSessionImpl) james).getProtocolTransport();
            transport.setReadable(false);
            long number = connections.incrementAndGet();
            InetSocketAddress remote = james.getRemoteAddress();
            InetSocketAddress local = james.getLocalAddress();
            ClientInfo client = new ClientInfo(settings.name, host(remote), remote.getPort(), host(local),
                    local.getPort(), "", "", settings.localHost.get());
            log("tcpserver: pid " + number + " from " + client.remoteIp());
            Admitted admitted = new Admitted();
            james.setAttachment(SESSION, admitted, State.Connection);
            if (settings.halfClosure) {
                transport.onInputEnd(admitted::inputEnded);
            }
            List<ConnectionRules> chain = settings.rules.get();
            if (chain.isEmpty()) {
                decided(admitted, james, transport, client, number, settings.withoutRules.apply(client));
                return null;
            }
            HookCalls calls = hooks;
            calls.firstDeciding(chain, rules -> calls.call(rules, () -> rules.check(client)),
                    decision -> decision.outcome() != ConnectionDecision.Outcome.NO_OPINION,
                    ConnectionDecision.NO_OPINION).whenComplete((decision, failure) -> transport.execute(() -> {
                        if (admitted.disconnected) {
                            return;
                        }
                        if (failure != null) {
                            LOG.warn("connection rules failed for {}; connection dropped: {}", client.remoteIp(),
                                    HookCalls.failureOf(failure).getMessage());
                        }
                        ConnectionDecision answer = failure != null ? ConnectionDecision.DENY
                                : decision.outcome() == ConnectionDecision.Outcome.NO_OPINION
                                        ? settings.withoutRules.apply(client) : decision;
                        decided(admitted, james, transport, client, number, answer);
                    }));
            return null;
        }
    }

    private void decided(Admitted admitted, ProtocolSession james, ChannelTransport transport, ClientInfo client,
            long number, ConnectionDecision decision) {
        String ends = client.localHost() + ":" + client.localIp() + ":" + client.localPort() + " "
                + client.remoteHost() + ":" + client.remoteIp() + ":" + client.remoteInfo() + ":" + client.remotePort();
        if (decision.outcome() != ConnectionDecision.Outcome.ALLOW) {
            count(MeterIdOutcome.DENIED);
            log("tcpserver: deny " + number + " " + ends);
            transport.closeNow();
            return;
        }
        log("tcpserver: ok " + number + " " + ends);
        Connection connection = new Connection(james, transport, client, decision.environment(), number);
        admitted.allowed(settings.sessions.apply(connection), connection);
        String passed;
        synchronized (admission) {
            passed = addressLimits.open(client.remoteIp());
        }
        if (passed != null) {
            count(MeterIdOutcome.REFUSED);
            admitted.refused = true;
            log("tcpserver: busy: refuse " + number + " from " + client.remoteIp() + ": " + passed);
            transport.execute(() -> admitted.session.refuse(transport));
            return;
        }
        count(MeterIdOutcome.ALLOWED);
        admit(admitted);
    }

    // tcpserver -c: beyond concurrencyincoming a connection waits, unanswered, for a slot.
    private void admit(Admitted admitted) {
        int limit = Math.max(1, settings.concurrency.getAsInt());
        synchronized (admission) {
            if (active >= limit) {
                admitted.arrival = admitted.connection.number();
                waitingForSlot.put(admitted.arrival, admitted);
                return;
            }
            active++;
            serving.add(admitted);
            log("tcpserver: status: " + active + "/" + limit);
        }
        admitted.connection.transport().execute(admitted::start);
    }

    /**
     * While connections wait for a slot, the idlest sessions make room, as Postfix's smtpd does under
     * stress: a session whose client has said nothing since its greeting for {@code silentLimit}, or
     * nothing for {@code idleLimit} (less the more connections wait: idleLimit × serving / (serving +
     * waiting), not under silentLimit), is ended (SMTP says 421), at most one per waiting connection, so
     * that idle or trickling clients cannot hold every slot for {@code timeoutsmtpd}. Sessions the server
     * itself keeps waiting are never idle. {@code concurrencyincoming} keeps its meaning.
     */
    void makeRoom() {
        List<Admitted> evicted = new ArrayList<>();
        List<Long> idleSeconds = new ArrayList<>();
        synchronized (admission) {
            int wanted = waitingForSlot.size();
            if (wanted == 0) {
                return;
            }
            // The more wait, the sooner a quiet client goes: idleLimit with one waiting, down to silentLimit.
            long quiet = Math.max(settings.silentLimit.toNanos(),
                    settings.idleLimit.toNanos() * serving.size() / (serving.size() + wanted));
            List<Map.Entry<Admitted, Long>> idle = new ArrayList<>();
            for (Admitted admitted : serving) {
                if (admitted.evicting) {
                    wanted--;
                    continue;
                }
                long nanos = admitted.session.idleNanos();
                long limit = admitted.session.silent() ? settings.silentLimit.toNanos() : quiet;
                if (nanos >= limit) {
                    idle.add(Map.entry(admitted, nanos));
                }
            }
            idle.sort(Map.Entry.<Admitted, Long>comparingByValue().reversed());
            for (Map.Entry<Admitted, Long> candidate : idle.subList(0, Math.max(0, Math.min(wanted, idle.size())))) {
                candidate.getKey().evicting = true;
                evicted.add(candidate.getKey());
                idleSeconds.add(TimeUnit.NANOSECONDS.toSeconds(candidate.getValue()));
            }
        }
        for (int i = 0; i < evicted.size(); i++) {
            Admitted admitted = evicted.get(i);
            log("tcpserver: busy: end " + admitted.connection.number() + " idle " + idleSeconds.get(i)
                    + " s for a waiting connection");
            evictionCounter.get().increment();
            ChannelTransport transport = admitted.connection.transport();
            transport.execute(() -> admitted.session.evict(transport));
        }
    }

    /**
     * The waiting connection a freed slot goes to: the one that has waited longest, as tcpserver's
     * backlog would serve it; but while more wait than there are slots, the newest. Under a flood of
     * connections that hold on without a word, first come, first served puts a client that arrives now
     * behind all of them (10,000 idle connections with 20 slots: longer than any client waits for a
     * greeting), while a client retrying as an MTA does, or a person pressing Send again, is always
     * among the newest; the old ones get their turn once the crowd has gone.
     */
    private Admitted nextWaiting(int limit) {
        Map.Entry<Long, Admitted> next = waitingForSlot.size() > limit ? waitingForSlot.pollLastEntry()
                : waitingForSlot.pollFirstEntry();
        return next == null ? null : next.getValue();
    }

    private void leave(Admitted admitted) {
        int limit = Math.max(1, settings.concurrency.getAsInt());
        Admitted next;
        synchronized (admission) {
            addressLimits.close(admitted.connection.client().remoteIp());
            if (waitingForSlot.remove(admitted.arrival, admitted)) {
                return;
            }
            serving.remove(admitted);
            active--;
            log("tcpserver: end " + admitted.connection.number() + " status 0");
            log("tcpserver: status: " + active + "/" + limit);
            next = nextWaiting(limit);
            if (next != null) {
                active++;
                serving.add(next);
                log("tcpserver: status: " + active + "/" + limit);
            }
        }
        if (next != null) {
            next.connection.transport().execute(next::start);
        }
    }

    private final class Lines implements LineHandler<ProtocolSession> {
        @Override
        public Response onLine(ProtocolSession james, byte[] bytes) {
            james.getAttachment(SESSION, State.Connection).ifPresent(admitted -> admitted.received(bytes));
            return null;
        }
    }

    private final class Disconnect implements DisconnectHandler<ProtocolSession> {
        @Override
        public void onDisconnect(ProtocolSession james) {
            james.getAttachment(SESSION, State.Connection).ifPresent(admitted -> {
                admitted.disconnected = true;
                // A connection whose rules had not answered, or denied it, never held a slot, nor one its
                // address's limits refused.
                if (admitted.isAllowed()) {
                    admitted.session.disconnected();
                    if (!admitted.refused) {
                        leave(admitted);
                    }
                }
            });
        }
    }

    /** Builds a {@link TcpServer}; protocol, name and sessions are required, the rest has defaults. */
    public static final class Builder {
        private final String protocol;
        private final String name;
        private final Function<Connection, Session> sessions;
        private String bind = "127.0.0.1";
        private int port;
        private int handlerThreads = 4;
        // Netty's default is two per core; the sessions' work is on the handler threads, so the
        // sockets need no more than one per core.
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private ChannelHandlerFactory framer = new LineChunkFramer(8192);
        private Supplier<List<ConnectionRules>> rules = List::of;
        private Function<ClientInfo, ConnectionDecision> withoutRules = client -> ConnectionDecision.ALLOW;
        private IntSupplier concurrency = () -> 20;
        private Supplier<String> localHost = () -> "";
        private boolean halfClosure;
        private int hookThreads = 16;
        // A server built without one (a test) writes no mail log.
        private MailLog mailLog = line -> { };
        private Duration hookTimeout = Duration.ofSeconds(30);
        private Supplier<Optional<SslContext>> implicitTls;
        // A server built without one (a test) measures nothing.
        private ListenerMeters meters = new ListenerMeters();
        private IntSupplier maxPerAddress = () -> 0;
        private IntSupplier maxPerAddressPerMinute = () -> 0;
        private Duration silentLimit = Duration.ofSeconds(1);
        private Duration idleLimit = Duration.ofSeconds(5);

        private Builder(String protocol, String name, Function<Connection, Session> sessions) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            this.sessions = Objects.requireNonNull(sessions, "sessions");
        }

        /** The address to listen on; default 127.0.0.1. */
        public Builder bind(String bind) {
            this.bind = Objects.requireNonNull(bind, "bind");
            return this;
        }

        /** The port; 0 (the default) lets the system choose one, see {@link TcpServer#boundAddresses()}. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Threads running the sessions; default 4; 0: the I/O threads run them
         * ({@link ManagedNettyServer.Builder#handlerThreads}).
         */
        public Builder handlerThreads(int handlerThreads) {
            this.handlerThreads = Math.max(0, handlerThreads);
            return this;
        }

        /** Threads doing the sockets' I/O; default one per core. */
        public Builder ioThreads(int ioThreads) {
            this.ioThreads = Math.max(1, ioThreads);
            return this;
        }

        /** How the input is cut for {@link Session#received}; default {@link LineChunkFramer} of 8192 bytes. */
        public Builder framer(ChannelHandlerFactory framer) {
            this.framer = Objects.requireNonNull(framer, "framer");
            return this;
        }

        /**
         * The chain of rules services now, highest ranking first, asked at each connection; default: none.
         */
        public Builder rules(Supplier<List<ConnectionRules>> rules) {
            this.rules = Objects.requireNonNull(rules, "rules");
            return this;
        }

        /** Threads asking the rules services; default 16. */
        public Builder hookThreads(int hookThreads) {
            this.hookThreads = Math.max(1, hookThreads);
            return this;
        }

        /** How long one rules service may take before the connection is dropped; default 30 seconds. */
        public Builder hookTimeout(Duration hookTimeout) {
            this.hookTimeout = Objects.requireNonNull(hookTimeout, "hookTimeout");
            return this;
        }

        /** Where tcpserver's lines go; default: nowhere. */
        public Builder mailLog(MailLog mailLog) {
            this.mailLog = Objects.requireNonNull(mailLog, "mailLog");
            return this;
        }

        /** The decision while no rules service has an opinion; default: allow with no variables. */
        public Builder withoutRules(Function<ClientInfo, ConnectionDecision> withoutRules) {
            this.withoutRules = Objects.requireNonNull(withoutRules, "withoutRules");
            return this;
        }

        /** {@code concurrencyincoming} now, asked at each connection and each end; default 20. */
        public Builder concurrency(IntSupplier concurrency) {
            this.concurrency = Objects.requireNonNull(concurrency, "concurrency");
            return this;
        }

        /** {@code TCPLOCALHOST} now (tcpserver's {@code -l}: control/me); default empty (unset). */
        public Builder localHost(Supplier<String> localHost) {
            this.localHost = Objects.requireNonNull(localHost, "localHost");
            return this;
        }

        /**
         * Whether a client may end its half of the connection and still be answered (then the sessions
         * implement {@link Session#inputEnded}); default: false, the end of the input closes the connection.
         */
        public Builder halfClosure(boolean halfClosure) {
            this.halfClosure = halfClosure;
            return this;
        }

        /**
         * Implicit TLS (SMTP submission on 465, POP3S): each connection's handshake, with the context the
         * supplier gives at its accept, comes before anything else; without a context the connection is
         * closed. Default: connections in clear.
         */
        public Builder implicitTls(Supplier<Optional<SslContext>> implicitTls) {
            this.implicitTls = Objects.requireNonNull(implicitTls, "implicitTls");
            return this;
        }

        /**
         * While connections wait for a slot: how long a session whose client has said nothing since its
         * greeting keeps its slot (default 1 s: a mail client speaks at once), and how long one whose client
         * has gone quiet (default 5 s); see {@link TcpServer#makeRoom}.
         */
        public Builder whileOthersWait(Duration silentLimit, Duration idleLimit) {
            this.silentLimit = Objects.requireNonNull(silentLimit, "silentLimit");
            this.idleLimit = Objects.requireNonNull(idleLimit, "idleLimit");
            return this;
        }

        /**
         * Limits per client address, asked at each connection (0: none, the default): connections it may hold
         * (serving or waiting), and connections it may open in a minute; past either, its connection is
         * refused ({@link Session#refuse}) with a mail-log line.
         */
        public Builder perAddress(IntSupplier maxConnections, IntSupplier maxPerMinute) {
            this.maxPerAddress = Objects.requireNonNull(maxConnections, "maxConnections");
            this.maxPerAddressPerMinute = Objects.requireNonNull(maxPerMinute, "maxPerMinute");
            return this;
        }

        /** Where the server's meters go: the listeners' shared services. */
        public Builder measuredBy(ListenerServices services) {
            this.meters = services.meters();
            return this;
        }

        /** The server, not yet started. */
        public TcpServer build() {
            return new TcpServer(this);
        }
    }
}

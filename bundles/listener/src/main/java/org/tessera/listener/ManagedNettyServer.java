package org.tessera.listener;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.netty.AbstractAsyncServer;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.LineDelimiterBasedChannelHandlerFactory;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.ImmediateEventExecutor;

/**
 * A James Protocols server that owns every thread it starts and stops all of them in
 * {@link #unbind()}, so that it can be bound and unbound any number of times in one JVM (a DS
 * component deactivated and activated again, a bundle updated) without leaving threads behind.
 *
 * <p>James's {@code NettyServer} cannot be used for that: it creates a
 * {@code new DefaultEventLoopGroup(16)} on every bind and never shuts it down, and its threads pin
 * the old bundle's class loader. Its constructor is private, so this class replaces it rather
 * than extending it. It builds James's pipeline (framer, chunked writes, idle timeout, optional
 * connection limits, PROXY header and TLS, and a {@link BasicChannelInboundHandler} per
 * connection) with three thread groups of its own, named after the server:
 * <ul>
 * <li>{@code <name>-boss-N}: accepts connections (only if a boss count is set, see
 * {@link #setBossWorkerCount(Optional)}; by default the I/O threads accept);</li>
 * <li>{@code <name>-io-N}: socket I/O, line framing and timeouts;</li>
 * <li>{@code <name>-handler-N}: the protocol handlers and hooks. {@code NettyServer} runs them on
 * the I/O threads; here a hook that blocks (queue fsync, DNS) stalls no I/O thread, only the
 * connections that share its handler thread. Each connection stays on one handler thread, so its
 * commands are handled in order.</li>
 * </ul>
 *
 * <p>The client's host name is never looked up: the logging context records the client's IP literal
 * (James's own factory resolves it) unless the builder is given another factory.
 *
 * <p>{@code unbind()} closes the listening sockets, then the open connections, then shuts the
 * groups down and waits, at most the {@linkplain Builder#shutdownTimeout(Duration) shutdown
 * timeout} per step, for their threads to end. Not thread-safe beyond what its synchronized
 * lifecycle methods guarantee; configure it before {@link #bind()}.
 */
public final class ManagedNettyServer extends AbstractAsyncServer {

    /** Default number of handler threads (James's {@code NettyServer} uses 16 as well). */
    public static final int DEFAULT_HANDLER_THREADS = 16;

    /** Default quiet period of the graceful shutdown of each thread group. */
    public static final Duration DEFAULT_SHUTDOWN_QUIET_PERIOD = Duration.ofMillis(100);

    /** Default bound of each step of {@link #unbind()}. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger LOGGER = LoggerFactory.getLogger(ManagedNettyServer.class);

    private final Protocol protocol;
    private final String name;
    private final Supplier<Optional<SslContext>> implicitTls;
    private final Consumer<Boolean> handshakes;
    private final boolean proxyRequired;
    private final ChannelHandlerFactory frameHandlerFactory;
    private final ProtocolMDCContextFactory mdcContextFactory;
    private final int handlerThreads;
    private final Duration quietPeriod;
    private final Duration shutdownTimeout;
    private final boolean halfClosure;

    // Configuration mirrored from the superclass, whose fields are private.
    private List<InetSocketAddress> listenAddresses = List.of();
    private int ioThreads = DEFAULT_IO_WORKER_COUNT;
    private Optional<Integer> bossThreads = Optional.empty();
    private boolean graceful = true;
    private int maxConnections;
    private int maxConnectionsPerIp;

    // Running state, guarded by this.
    private volatile boolean bound;
    private EventLoopGroup bossGroup;
    private EventLoopGroup ioGroup;
    private EventLoopGroup handlerGroup;
    private ChannelGroup connections;
    private final List<Channel> serverChannels = new ArrayList<>();

    private ManagedNettyServer(Builder builder) {
        this.protocol = builder.protocol;
        this.name = builder.name != null ? builder.name : protocol.getName().toLowerCase(Locale.ROOT);
        this.implicitTls = builder.implicitTls;
        this.handshakes = builder.handshakes;
        this.proxyRequired = builder.proxyRequired;
        this.frameHandlerFactory = builder.frameHandlerFactory != null ? builder.frameHandlerFactory
            : new LineDelimiterBasedChannelHandlerFactory(AbstractChannelPipelineFactory.MAX_LINE_LENGTH);
        this.mdcContextFactory = builder.mdcContextFactory != null ? builder.mdcContextFactory
            : new NonBlockingMDCContextFactory();
        this.handlerThreads = builder.handlerThreads;
        this.quietPeriod = builder.quietPeriod;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.halfClosure = builder.halfClosure;
        this.jmxName = name;
    }

    /**
     * Starts building a server for a protocol.
     *
     * @param protocol the protocol to serve, e.g. an {@code SMTPProtocol}
     * @return a builder with the defaults described on its methods
     */
    public static Builder builder(Protocol protocol) {
        return new Builder(protocol);
    }

    /** The name used for the server's threads, e.g. {@code smtp} gives {@code smtp-io-0}. */
    public String getName() {
        return name;
    }

    @Override
    public synchronized void setListenAddresses(InetSocketAddress... addresses) {
        checkNotBound();
        super.setListenAddresses(addresses);
        this.listenAddresses = List.of(addresses);
    }

    @Override
    public synchronized void setIoWorkerCount(int ioWorker) {
        checkNotBound();
        if (ioWorker < 1) {
            throw new IllegalArgumentException("ioWorker must be at least 1: " + ioWorker);
        }
        super.setIoWorkerCount(ioWorker);
        this.ioThreads = ioWorker;
    }

    /**
     * Sets the number of threads that accept connections; empty (the default here) lets the I/O
     * threads accept.
     */
    @Override
    public synchronized void setBossWorkerCount(Optional<Integer> bossWorker) {
        checkNotBound();
        super.setBossWorkerCount(bossWorker);
        this.bossThreads = Objects.requireNonNull(bossWorker, "bossWorker");
    }

    /**
     * Graceful (the default): each thread group gets its quiet period before it ends. Not
     * graceful: no quiet period. In both cases {@link #unbind()} waits, bounded, for the threads.
     */
    @Override
    public synchronized void setGracefulShutdown(boolean gracefulShutdown) {
        super.setGracefulShutdown(gracefulShutdown);
        this.graceful = gracefulShutdown;
    }

    @Override
    public synchronized void setTimeout(int timeout) {
        checkNotBound();
        super.setTimeout(timeout);
    }

    @Override
    public synchronized void setBacklog(int backlog) {
        checkNotBound();
        super.setBacklog(backlog);
    }

    /** Maximum number of concurrent connections; 0 (the default) means no limit. */
    public synchronized void setMaxConcurrentConnections(int maxConnections) {
        checkNotBound();
        this.maxConnections = maxConnections;
    }

    /** Maximum number of concurrent connections from one IP address; 0 (the default) means no limit. */
    public synchronized void setMaxConcurrentConnectionsPerIP(int maxConnectionsPerIp) {
        checkNotBound();
        this.maxConnectionsPerIp = maxConnectionsPerIp;
    }

    @Override
    public synchronized void bind() throws Exception {
        checkNotBound();
        if (listenAddresses.isEmpty()) {
            throw new IllegalStateException(name + ": no listen address set");
        }
        bossGroup = bossThreads.map(count -> new NioEventLoopGroup(count, threads("boss"))).orElse(null);
        ioGroup = new NioEventLoopGroup(ioThreads, threads("io"));
        handlerGroup = handlerThreads > 0 ? new DefaultEventLoopGroup(handlerThreads, threads("handler")) : null;
        connections = new DefaultChannelGroup(name, ImmediateEventExecutor.INSTANCE);
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                .channel(NioServerSocketChannel.class)
                .group(bossGroup != null ? bossGroup : ioGroup, ioGroup)
                .childHandler(createPipelineFactory())
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, halfClosure);
            configureBootstrap(bootstrap);
            for (InetSocketAddress address : listenAddresses) {
                serverChannels.add(bootstrap.bind(address).sync().channel());
            }
        } catch (Exception | Error e) {
            release();
            throw e;
        }
        bound = true;
    }

    @Override
    public synchronized void unbind() {
        if (!bound) {
            return;
        }
        bound = false;
        release();
    }

    @Override
    public boolean isBound() {
        return bound;
    }

    @Override
    public synchronized List<InetSocketAddress> getListenAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (Channel channel : serverChannels) {
            addresses.add((InetSocketAddress) channel.localAddress());
        }
        return List.copyOf(addresses);
    }

    @Override
    protected ChannelInitializer<SocketChannel> createPipelineFactory() {
        return new ProtocolChannelInitializer(protocol, implicitTls, handshakes, proxyRequired, frameHandlerFactory, mdcContextFactory,
            getTimeout(), maxConnections, maxConnectionsPerIp, handlerGroup, connections);
    }

    /** Closes the sockets, then stops the I/O threads, then the handler threads; each step bounded. */
    private void release() {
        long timeoutMillis = shutdownTimeout.toMillis();
        for (Channel channel : serverChannels) {
            channel.close().awaitUninterruptibly(timeoutMillis);
        }
        serverChannels.clear();
        if (connections != null) {
            connections.close().awaitUninterruptibly(timeoutMillis);
            connections = null;
        }
        // The I/O threads go first: their last tasks still hand channelInactive to the handlers.
        shutDown(bossGroup, ioGroup);
        shutDown(handlerGroup);
        bossGroup = null;
        ioGroup = null;
        handlerGroup = null;
    }

    private void shutDown(EventLoopGroup... groups) {
        long quiet = graceful ? quietPeriod.toMillis() : 0;
        long timeout = Math.max(quiet, shutdownTimeout.toMillis());
        for (EventLoopGroup group : groups) {
            if (group != null) {
                group.shutdownGracefully(quiet, timeout, TimeUnit.MILLISECONDS);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout + 1000);
        for (EventLoopGroup group : groups) {
            if (group == null) {
                continue;
            }
            try {
                long left = deadline - System.nanoTime();
                if (!group.awaitTermination(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                    LOGGER.warn("{}: threads of {} still running {} ms after unbind", name, group, timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOGGER.warn("{}: interrupted while waiting for the threads of {} to end", name, group);
                return;
            }
        }
    }

    private ThreadFactory threads(String role) {
        return new ServerThreadFactory(name + "-" + role + "-");
    }

    private void checkNotBound() {
        if (bound) {
            throw new IllegalStateException(name + ": server running already");
        }
    }

    /** Builds a {@link ManagedNettyServer}; every setting has a default except the protocol. */
    public static final class Builder {
        private final Protocol protocol;
        private String name;
        private Supplier<Optional<SslContext>> implicitTls;
        private Consumer<Boolean> handshakes = succeeded -> { };
        private boolean proxyRequired;
        private ChannelHandlerFactory frameHandlerFactory;
        private ProtocolMDCContextFactory mdcContextFactory;
        private int handlerThreads = DEFAULT_HANDLER_THREADS;
        private Duration quietPeriod = DEFAULT_SHUTDOWN_QUIET_PERIOD;
        private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        private boolean halfClosure;

        private Builder(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
        }

        /** Thread name prefix; default: the protocol's name in lower case ({@code smtp}, {@code pop3}). */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Implicit TLS: every connection starts with a handshake, with the context the supplier gives at
         * its accept (empty: the connection is closed); default: none, connections start in clear and a
         * session may start TLS itself ({@link ChannelTransport#startTls}).
         */
        public Builder implicitTls(Supplier<Optional<SslContext>> implicitTls) {
            this.implicitTls = Objects.requireNonNull(implicitTls, "implicitTls");
            return this;
        }

        /** Told of each TLS handshake's end, implicit or started in a session: whether it succeeded. */
        public Builder handshakes(Consumer<Boolean> handshakes) {
            this.handshakes = Objects.requireNonNull(handshakes, "handshakes");
            return this;
        }

        /** Whether each connection starts with a HAProxy PROXY header; default: false. */
        public Builder proxyRequired(boolean proxyRequired) {
            this.proxyRequired = proxyRequired;
            return this;
        }

        /** Splits the byte stream into lines; default: CRLF/LF lines of at most 8192 bytes (James's). */
        public Builder frameHandlerFactory(ChannelHandlerFactory frameHandlerFactory) {
            this.frameHandlerFactory = frameHandlerFactory;
            return this;
        }

        /** Builds each connection's logging context; default: the client's IP literal, never its name. */
        public Builder mdcContextFactory(ProtocolMDCContextFactory mdcContextFactory) {
            this.mdcContextFactory = mdcContextFactory;
            return this;
        }

        /**
         * Number of threads that run the protocol handlers; default {@value ManagedNettyServer#DEFAULT_HANDLER_THREADS}.
         * 0: the I/O threads run them, with no hand-over per line (for protocols whose handlers never
         * block on more than a small local file).
         */
        public Builder handlerThreads(int handlerThreads) {
            if (handlerThreads < 0) {
                throw new IllegalArgumentException("handlerThreads must not be negative: " + handlerThreads);
            }
            this.handlerThreads = handlerThreads;
            return this;
        }

        /**
         * Whether a client may end its half of a connection and still get its answers; default: false
         * (the end of the input closes the connection). When true, the session's transport learns of the
         * end through {@link ChannelTransport#onInputEnd}.
         */
        public Builder halfClosure(boolean halfClosure) {
            this.halfClosure = halfClosure;
            return this;
        }

        /** Quiet period of each thread group's graceful shutdown; default 100 ms. */
        public Builder shutdownQuietPeriod(Duration quietPeriod) {
            this.quietPeriod = requireNonNegative(quietPeriod, "quietPeriod");
            return this;
        }

        /** Upper bound of each step of {@code unbind()}; default 10 s. */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = requireNonNegative(shutdownTimeout, "shutdownTimeout");
            return this;
        }

        /** Returns the configured server, not yet bound. */
        public ManagedNettyServer build() {
            return new ManagedNettyServer(this);
        }

        private static Duration requireNonNegative(Duration duration, String what) {
            if (duration == null || duration.isNegative()) {
                throw new IllegalArgumentException(what + " must not be negative: " + duration);
            }
            return duration;
        }
    }
}

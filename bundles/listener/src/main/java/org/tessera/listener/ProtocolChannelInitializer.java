package org.tessera.listener;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.BasicChannelInboundHandler;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.ConnectionLimitUpstreamHandler;
import org.apache.james.protocols.netty.ConnectionPerIpLimitUpstreamHandler;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;
import org.apache.james.protocols.netty.TimeoutHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * The pipeline of one bind of a {@link ManagedNettyServer}: James 3.8.1's
 * ({@code AbstractSSLAwareChannelPipelineFactory}) handler by handler, except that the core handler
 * runs on the handler group instead of the I/O thread, and its sessions get a {@link ChannelTransport}
 * (James's transport plus the handler thread). James's factory adds it without a group,
 * and {@code BasicChannelInboundHandler} is not sharable, so it cannot be moved afterwards. Every
 * connection is also added to a channel group, which unbind closes.
 */
@ChannelHandler.Sharable
final class ProtocolChannelInitializer extends ChannelInitializer<SocketChannel> {

    private static final Logger LOG = LoggerFactory.getLogger(ProtocolChannelInitializer.class);

    private final Protocol protocol;
    // null: connections start in clear
    private final Supplier<Optional<SslContext>> implicitTls;
    private final Consumer<Boolean> handshakes;
    private final boolean proxyRequired;
    private final ChannelHandlerFactory frameHandlerFactory;
    private final ProtocolMDCContextFactory mdcContextFactory;
    private final int timeout;
    private final Optional<ConnectionLimitUpstreamHandler> connectionLimit;
    private final Optional<ConnectionPerIpLimitUpstreamHandler> connectionPerIpLimit;
    // null: the I/O thread of each connection runs its handlers
    private final EventExecutorGroup handlers;
    private final ChannelGroup connections;

    ProtocolChannelInitializer(Protocol protocol, Supplier<Optional<SslContext>> implicitTls,
            Consumer<Boolean> handshakes, boolean proxyRequired,
            ChannelHandlerFactory frameHandlerFactory, ProtocolMDCContextFactory mdcContextFactory, int timeout,
            int maxConnections, int maxConnectionsPerIp, EventExecutorGroup handlers, ChannelGroup connections) {
        this.protocol = protocol;
        this.implicitTls = implicitTls;
        this.handshakes = handshakes;
        this.proxyRequired = proxyRequired;
        this.frameHandlerFactory = frameHandlerFactory;
        this.mdcContextFactory = mdcContextFactory;
        this.timeout = timeout;
        this.connectionLimit = ConnectionLimitUpstreamHandler.forCount(maxConnections);
        this.connectionPerIpLimit = ConnectionPerIpLimitUpstreamHandler.forCount(maxConnectionsPerIp);
        this.handlers = handlers;
        this.connections = connections;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        connections.add(channel);
        ChannelPipeline pipeline = channel.pipeline();
        Optional<SslContext> tls = implicitTls == null ? Optional.empty() : implicitTls.get();
        if (implicitTls != null && tls.isEmpty()) {
            LOG.warn("connection from {} closed: this listener speaks TLS only, and no certificate can be used",
                    channel.remoteAddress());
            channel.close();
            return;
        }
        connectionLimit.ifPresent(handler -> pipeline.addLast(HandlerConstants.CONNECTION_LIMIT_HANDLER, handler));
        connectionPerIpLimit.ifPresent(handler -> pipeline.addLast(HandlerConstants.CONNECTION_LIMIT_PER_IP_HANDLER, handler));
        if (proxyRequired) {
            pipeline.addLast(HandlerConstants.PROXY_HANDLER, new HAProxyMessageDecoder());
        }
        pipeline.addLast(HandlerConstants.FRAMER, frameHandlerFactory.create(pipeline));
        pipeline.addLast(HandlerConstants.CHUNK_HANDLER, new ChunkedWriteHandler());
        pipeline.addLast(HandlerConstants.TIMEOUT_HANDLER, new TimeoutHandler(timeout));
        BasicChannelInboundHandler core =
            new BasicChannelInboundHandler(mdcContextFactory, protocol, null, proxyRequired) {
                @Override
                protected ProtocolSession createSession(ChannelHandlerContext ctx) {
                    return protocol.newSession(new ChannelTransport(ctx.channel(), ctx.executor(), frameHandlerFactory, handshakes, proxyRequired));
                }

                // With half-closure allowed, the end of the input comes here after every line read
                // before it, on the session's handler thread.
                @Override
                public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
                    if (event instanceof ChannelInputShutdownEvent) {
                        Runnable task = ctx.channel().attr(ChannelTransport.INPUT_END).get();
                        if (task != null) {
                            task.run();
                        } else {
                            ctx.close();
                        }
                        return;
                    }
                    super.userEventTriggered(ctx, event);
                }

                // A client that resets its connection is ordinary on a mail server; James logs each
                // one as an ERROR with a stack trace. Closing is all there is to do.
                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
                    if (cause instanceof IOException) {
                        LOG.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
                        ctx.close();
                        return;
                    }
                    super.exceptionCaught(ctx, cause);
                }
            };
        if (handlers != null) {
            pipeline.addLast(handlers, HandlerConstants.CORE_HANDLER, core);
        } else {
            pipeline.addLast(HandlerConstants.CORE_HANDLER, core);
        }
        if (tls.isPresent()) {
            SslHandler handler = tls.get().newHandler(channel.alloc());
            handler.handshakeFuture().addListener(handshake -> handshakes.accept(handshake.isSuccess()));
            if (proxyRequired) {
                pipeline.addAfter(HandlerConstants.PROXY_HANDLER, HandlerConstants.SSL_HANDLER, handler);
            } else {
                pipeline.addFirst(HandlerConstants.SSL_HANDLER, handler);
            }
        }
    }
}

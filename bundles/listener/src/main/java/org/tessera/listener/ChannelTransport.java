package org.tessera.listener;

import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLSession;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.ChannelHandlerFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.tessera.api.policy.TlsParameters;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;

/**
 * The transport of every session of a {@link ManagedNettyServer}: James's, plus the thread the
 * session's handlers run on. A handler whose answer comes later (a queue that syncs, a policy
 * that asks a server) resumes the session through {@link #execute}, so that the session's state
 * is only ever touched by that one thread, in order with the lines still arriving.
 */
public final class ChannelTransport extends NettyProtocolTransport {

    /** What a session runs when the client ends its half of the connection; see {@link #onInputEnd}. */
    static final AttributeKey<Runnable> INPUT_END = AttributeKey.valueOf("tessera.inputEnd");

    private final Channel channel;
    private final EventExecutor handlerThread;
    private final ChannelHandlerFactory framer;
    private final Consumer<Boolean> handshakes;

    ChannelTransport(Channel channel, EventExecutor handlerThread, ChannelHandlerFactory framer,
            Consumer<Boolean> handshakes, boolean proxyRequired) {
        super(channel, null, proxyRequired);
        this.channel = channel;
        this.handlerThread = handlerThread;
        this.framer = framer;
        this.handshakes = handshakes;
    }

    /** Runs a task on the session's handler thread, after what is already queued there. */
    public void execute(Runnable task) {
        handlerThread.execute(task);
    }

    /** Runs a task on the session's handler thread after a delay; cancel the returned future to drop it. */
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return handlerThread.schedule(task, delay, unit);
    }

    /** Writes bytes as they are, for a protocol without reply lines (QMTP's and QMQP's netstrings). */
    public void writeBytes(byte[] bytes, ProtocolSession session) {
        writeToClient(bytes, session, false);
    }

    /**
     * Writes a stream after what was written before, read in chunks as the socket drains (netty's
     * chunked writes), so a big message never sits whole in memory; the stream is closed once
     * written, or when the connection ends first.
     */
    public void writeStream(InputStream stream, ProtocolSession session) {
        writeToClient(stream, session, false);
    }

    /** Whether the connection takes more writes without queueing past netty's high-water mark. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /**
     * Runs a task on the session's handler thread once everything written before has gone to the
     * socket, or the connection has closed: a session that stops reading until then keeps a client
     * that never reads its replies from filling the server's memory.
     */
    public void afterWrites(Runnable task) {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(done -> execute(task));
    }

    /**
     * Runs a task on the session's handler thread, after every line read before, when the client ends
     * its half of the connection; only on servers that allow half-closure (else that end closes the
     * connection). Without a task the connection is closed.
     */
    public void onInputEnd(Runnable task) {
        channel.attr(INPUT_END).set(task);
    }

    /** Closes the connection after what was written before has gone out. */
    public void closeAfterWrites() {
        close();
    }

    /** Closes the connection at once, dropping what is still queued for the client. */
    public void closeNow() {
        channel.close();
    }

    /**
     * STARTTLS and STLS: writes the protocol's go-ahead in clear, then reads only TLS. The framer and
     * the TLS handler are changed on the connection's I/O thread, between two reads: every byte that
     * arrived before (commands the client pipelined after STARTTLS, CVE-2011-0411) still reaches the
     * session in clear, which discards it until {@code secured} runs; a partial line the framer held is
     * passed on then too, never joined to what comes decrypted. {@code secured} runs on the handler
     * thread after the handshake and before any decrypted byte; a failed handshake closes the connection.
     */
    public void startTls(SslContext context, byte[] goAhead, Runnable secured) {
        channel.eventLoop().execute(() -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(SslHandler.class) != null || !channel.isActive()) {
                return;
            }
            // Removed, not replaced: netty hands a replaced decoder's leftover to its replacement.
            pipeline.remove(HandlerConstants.FRAMER);
            pipeline.addBefore(HandlerConstants.CHUNK_HANDLER, HandlerConstants.FRAMER, framer.create(pipeline));
            // startTls = true: the first write, the go-ahead, leaves unencrypted.
            SslHandler tls = new SslHandler(context.newEngine(channel.alloc()), true);
            pipeline.addFirst(HandlerConstants.SSL_HANDLER, tls);
            channel.writeAndFlush(Unpooled.wrappedBuffer(goAhead));
            // Called on the I/O thread as the handshake ends, in the read that carried the client's last
            // handshake message: SslHandler hands on what that read holds after it (a TLS 1.3 client's first
            // command) once this returns. Sessions run on their own threads: queued there, secured comes
            // before those bytes. Sessions run on the I/O thread (a server without handler threads): it
            // must run now, as a queued task would come after them, and they would be taken for clear ones.
            tls.handshakeFuture().addListener(handshake -> {
                handshakes.accept(handshake.isSuccess());
                if (!handshake.isSuccess()) {
                    return;
                }
                if (handlerThread.inEventLoop()) {
                    secured.run();
                } else {
                    execute(secured);
                }
            });
        });
    }

    /** What the TLS handshake negotiated; empty before one has completed, and on a connection in clear. */
    public Optional<TlsParameters> tls() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null || !tls.handshakeFuture().isSuccess()) {
            return Optional.empty();
        }
        SSLSession session = tls.engine().getSession();
        return Optional.of(new TlsParameters(session.getProtocol(), session.getCipherSuite()));
    }
}

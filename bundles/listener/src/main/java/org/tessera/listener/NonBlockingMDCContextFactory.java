package org.tessera.listener;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.apache.james.protocols.api.Protocol;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.netty.ProtocolMDCContextFactory;
import org.apache.james.util.MDCBuilder;

import io.netty.channel.ChannelHandlerContext;

/**
 * The logging context (MDC) of a connection, built without any DNS lookup.
 *
 * <p>James's {@code ProtocolMDCContextFactory.Standard} (and {@code SMTPMDCContextFactory}) put
 * {@code InetSocketAddress.getHostName()} into the MDC: a blocking reverse lookup on the netty
 * thread for every new connection. This factory records {@code getHostString()} instead, which is
 * the IP literal for an accepted socket.
 */
final class NonBlockingMDCContextFactory implements ProtocolMDCContextFactory {

    @Override
    public MDCBuilder onBound(Protocol protocol, ChannelHandlerContext ctx) {
        MDCBuilder mdc = MDCBuilder.create().addToContext(MDCBuilder.PROTOCOL, protocol.getName());
        SocketAddress remote = ctx.channel().remoteAddress();
        if (remote instanceof InetSocketAddress address) {
            InetAddress ip = address.getAddress();
            return mdc
                .addToContext(MDCBuilder.IP, ip != null ? ip.getHostAddress() : address.getHostString())
                .addToContext(MDCBuilder.HOST, address.getHostString());
        }
        return mdc.addToContext(MDCBuilder.IP, String.valueOf(remote));
    }

    @Override
    public MDCBuilder withContext(ProtocolSession session) {
        // Only what onBound recorded (protocol, client address): James rebuilds this context for
        // every line read, and its generic session fields cost an immutable map each time while
        // only its warnings reach a log.
        return MDCBuilder.create();
    }
}

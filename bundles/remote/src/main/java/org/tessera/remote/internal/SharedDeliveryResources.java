package org.tessera.remote.internal;

import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutorGroup;

/**
 * What the channel's deliveries share, from activation to deactivation.
 *
 * @param loops the event loops every connection and DNS callback runs on
 * @param readers the threads that read message bodies
 * @param resolver the MX and address lookups
 * @param own this host's addresses, for the self-MX rule
 * @param tls the STARTTLS policy
 * @param port the SMTP port of mail exchangers
 * @param replyLimit the longest reply accepted, in bytes
 * @param ehlo whether sessions say EHLO
 * @param batch whether recipients of one message and domain share a session
 */
record SharedDeliveryResources(EventLoopGroup loops, EventExecutorGroup readers, MxResolver resolver, OwnAddresses own,
        TlsPolicy tls, int port, int replyLimit, boolean ehlo, boolean batch) {
}

package org.tessera.qmtp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

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
import org.tessera.api.control.ControlFiles;
import org.tessera.api.listener.Listener;
import org.tessera.api.listener.ListenerState;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.queue.MailQueue;
import org.tessera.listener.ByteChunkFramer;
import org.tessera.listener.ListenerServices;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.ListenerMessages;
import org.tessera.listener.TcpServer;

/**
 * A QMQP listener: tcpserver ({@link TcpServer}) and qmail-qmqpd ({@link QmqpSession}) in one
 * component. QMQP queues mail for any destination, so with no rules service at all it takes
 * loopback clients only (the access bundle does the same while {@code control/tcp.qmqp} is missing).
 */
@Component(configurationPid = QmqpListener.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = Listener.class)
@Designate(ocd = QmqpListenerConfiguration.class, factory = true)
public final class QmqpListener implements Listener {

    static final String PID = "org.tessera.qmqp";
    private static final Logger LOG = LoggerFactory.getLogger(QmqpListener.class);

    @Reference
    private ControlFiles control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile MailQueue queue;

    @Reference
    private ListenerServices services;

    private volatile TcpServer server;
    private String name;
    private KeptCounters messages;

    @Activate
    void activate(QmqpListenerConfiguration configuration) throws Exception {
        name = configuration.name();
        messages = ListenerMessages.counters(name, services::metrics);
        if (configuration.port() == 0) {
            LOG.info("QMQP listener {} disabled (port 0)", configuration.name());
            return;
        }
        server = TcpServer.builder("QMQP", configuration.name(),
                        connection -> new QmqpSession(connection, () -> queue, messages, configuration.maxSessionSeconds(),
                                configuration.maxRecipients()))
                .bind(configuration.bind()).port(configuration.port()).handlerThreads(configuration.handlerThreads())
                .framer(new ByteChunkFramer(QmtpListener.CHUNK)).rules(services::rules).mailLog(services.mailLog())
                .measuredBy(services)
                .hookTimeout(Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds())))
                .withoutRules(QmqpListener::loopbackOnly).concurrency(control::concurrencyIncoming)
                .localHost(() -> control.me().orElse("")).build();
        server.start();
        LOG.info("QMQP listener {} on {}:{}", configuration.name(), configuration.bind(), configuration.port());
    }

    @Override
    public ListenerState state() {
        return TcpServer.stateOf(server, "QMQP", name);
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop();
        }
    }

    static ConnectionDecision loopbackOnly(ClientInfo client) {
        try {
            // An IP literal: parsed, never looked up.
            return InetAddress.getByName(client.remoteIp()).isLoopbackAddress() ? ConnectionDecision.ALLOW
                    : ConnectionDecision.DENY;
        } catch (UnknownHostException e) {
            return ConnectionDecision.DENY;
        }
    }
}

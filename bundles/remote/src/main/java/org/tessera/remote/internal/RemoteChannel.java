package org.tessera.remote.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.SmtpRoute;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.QueueChannel;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * The REMOTE delivery channel, qmail-rspawn and qmail-remote as one component: each call starts a
 * delivery on one of a few event loops and returns at once; DNS answers, connections and replies
 * all arrive on those loops, so a delivery in flight costs no thread.
 */
@Component(service = DeliveryChannel.class, configurationPid = RemoteChannel.PID)
@QueueChannel(Channel.REMOTE)
@Designate(ocd = RemoteChannelConfiguration.class)
public final class RemoteChannel implements DeliveryChannel {

    static final String PID = "org.tessera.remote";
    /** The system property bin/tessera sets from TESSERA_DNS, the default of the {@code dns} setting. */
    static final String DNS_PROPERTY = "tessera.dns";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteChannel.class);

    private record BatchKey(long messageId, String sender, String domain) {
    }

    private final ControlFiles controls;
    private final SharedDeliveryResources resources;
    private final Set<CompletableFuture<DeliveryReport>> open = ConcurrentHashMap.newKeySet();
    private final Map<BatchKey, Batch> batches = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    @Activate
    public RemoteChannel(@Reference ControlFiles controls, RemoteChannelConfiguration config) {
        this.controls = controls;
        Resolver resolver = resolver(config.dns().isEmpty() ? System.getProperty(DNS_PROPERTY, "") : config.dns());
        OwnAddresses own = OwnAddresses.of(config.ownAddresses());
        TlsPolicy tls = new TlsPolicy(config.starttls(), config.tlsVerifiedDomains(), config.tlsTrustStore(),
                config.tlsTrustStorePassword());
        EventLoopGroup loops = new NioEventLoopGroup(Math.max(1, config.ioThreads()),
                new DefaultThreadFactory("tessera-remote", true));
        EventExecutorGroup readers = new DefaultEventExecutorGroup(Math.max(1, config.readerThreads()),
                new DefaultThreadFactory("tessera-remote-body", true));
        resources = new SharedDeliveryResources(loops, readers,
                new MxResolver(new DnsLookup(resolver), new SecureRandom()), own, tls,
                config.port(), Math.max(512, config.replyLimit()), config.ehlo() || config.starttls(),
                config.batchRecipients());
        LOG.info("remote delivery: DNS {}, port {}, {} event loop(s)", describe(resolver), config.port(),
                config.ioThreads());
    }

    @Deactivate
    void deactivate() {
        stopped = true;
        for (CompletableFuture<DeliveryReport> f : open) {
            f.complete(Reports.STOPPED);
        }
        resources.loops().shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        resources.readers().shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly();
        // dnsjava's one selector thread per JVM is left running: its NioClient.close() (3.6.5) leaves that
        // thread joined on itself for ever, so calling it would leak a thread at every deactivation.
    }

    // An address from QMQP, the injection tools or a .qmail forward may hold any byte but NUL.
    private static boolean hasLineBreak(MailAddress address) {
        String text = address.text();
        return text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0;
    }

    @Override
    public CompletionStage<DeliveryReport> deliver(long messageId, MailAddress sender, MailAddress recipient,
            MessageContent content) {
        if (stopped) {
            return CompletableFuture.completedFuture(Reports.STOPPED);
        }
        if (hasLineBreak(sender) || hasLineBreak(recipient)) {
            return CompletableFuture.completedFuture(Reports.LINE_BREAK_IN_ADDRESS);
        }
        String domain = recipient.domain();
        Optional<String> helo;
        Optional<SmtpRoute> route;
        int timeoutConnect;
        int timeoutRemote;
        try {
            helo = controls.heloHost();
            route = controls.smtpRoute(domain);
            timeoutConnect = controls.timeoutConnect();
            timeoutRemote = controls.timeoutRemote();
        } catch (RuntimeException e) {
            LOG.warn("cannot read the control files of remote delivery", e);
            return CompletableFuture.completedFuture(Reports.controls(String.valueOf(e.getMessage())));
        }
        if (helo.isEmpty()) {
            return CompletableFuture.completedFuture(Reports.controls("neither control/helohost nor control/me exists"));
        }
        CompletableFuture<DeliveryReport> result = new CompletableFuture<>();
        open.add(result);
        result.whenComplete((report, failure) -> open.remove(result));
        Transaction tx = new Transaction(Transaction.smtpForm(sender), List.of(Transaction.smtpForm(recipient)),
                content, helo.get(), Math.max(1, timeoutRemote), resources.ehlo(),
                resources.tls().required(domain));
        Batch batch = new Batch(tx, result);
        if (resources.batch()) {
            BatchKey key = new BatchKey(messageId, tx.sender(), domain.toLowerCase(Locale.ROOT));
            Batch current = batches.get(key);
            if (current != null && current.join(tx.recipients().get(0), result)) {
                return result;
            }
            batches.put(key, batch);
            result.whenComplete((report, failure) -> batches.remove(key, batch));
        }
        try {
            new RemoteDelivery(resources, resources.loops().next(), domain, route, timeoutConnect, batch).start();
        } catch (RuntimeException e) {
            // The loops are shutting down (deactivation raced with this call).
            result.complete(Reports.STOPPED);
        }
        return result;
    }

    private static Resolver resolver(String dns) {
        if (dns.isBlank()) {
            return new ExtendedResolver();
        }
        String text = dns.trim();
        String host = text;
        int port = 53;
        int colon = text.lastIndexOf(':');
        if (text.startsWith("[") && text.contains("]")) {
            host = text.substring(1, text.indexOf(']'));
            String rest = text.substring(text.indexOf(']') + 1);
            port = rest.startsWith(":") ? Integer.parseInt(rest.substring(1)) : 53;
        } else if (colon >= 0 && text.indexOf(':') == colon) {
            host = text.substring(0, colon);
            port = Integer.parseInt(text.substring(colon + 1));
        }
        try {
            return new SimpleResolver(new InetSocketAddress(InetAddress.getByName(host), port));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("DNS server " + dns + " is not a known host", e);
        }
    }

    private static String describe(Resolver resolver) {
        return resolver instanceof SimpleResolver s ? s.getAddress().toString() : "the system's resolvers";
    }
}

package org.tessera.remote.internal;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.SmtpRoute;
import org.tessera.remote.internal.MxResolver.Resolution;

/**
 * One run of qmail-remote for one domain: the route or the MX lookup, the self-MX rule, a connect
 * to each address in turn until one answers, then the session; every step on one event loop.
 */
final class RemoteDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteDelivery.class);

    private final SharedDeliveryResources resources;
    private final EventLoop loop;
    private final String domain;
    private final Optional<SmtpRoute> route;
    private final int timeoutConnect;
    private final Batch batch;

    RemoteDelivery(SharedDeliveryResources resources, EventLoop loop, String domain, Optional<SmtpRoute> route,
            int timeoutConnect, Batch batch) {
        this.resources = resources;
        this.loop = loop;
        this.domain = domain;
        this.route = route.filter(r -> !r.usesMx());
        this.timeoutConnect = timeoutConnect;
        this.batch = batch;
    }

    void start() {
        MxResolver resolver = resources.resolver();
        var found = route.isPresent() ? resolver.host(route.get().relay(), loop) : resolver.mailExchangers(domain, loop);
        found.whenComplete((resolution, failure) -> onLoop(() -> {
            if (failure != null) {
                LOG.warn("DNS lookup for {} failed", domain, failure);
                finish(SessionResult.of(Reports.DNS_TEMPORARY));
            } else {
                resolved(resolution);
            }
        }));
    }

    private void resolved(Resolution resolution) {
        if (resolution.failure().isPresent()) {
            finish(SessionResult.of(resolution.failure().get()));
            return;
        }
        List<MxAddress> targets = resolution.targets();
        if (route.isEmpty()) {
            targets = withoutSelf(targets);
            if (targets.isEmpty()) {
                finish(SessionResult.of(Reports.AMBIGUOUS_MX));
                return;
            }
        }
        connect(targets, 0, new ArrayList<>());
    }

    /** qmail-remote step 3: if this host is among the MXes, only strictly better preferences remain. */
    private List<MxAddress> withoutSelf(List<MxAddress> targets) {
        long mine = Long.MAX_VALUE;
        for (MxAddress t : targets) {
            if (resources.own().contains(t.address())) {
                mine = Math.min(mine, t.preference());
            }
        }
        List<MxAddress> better = new ArrayList<>();
        for (MxAddress t : targets) {
            if (t.preference() < mine) {
                better.add(t);
            }
        }
        return better;
    }

    /** Tries each address in turn; {@code failures} gathers why each one before failed, for the report. */
    private void connect(List<MxAddress> targets, int index, List<String> failures) {
        if (index == targets.size()) {
            finish(SessionResult.of(Reports.noConnection(failures)));
            return;
        }
        MxAddress target = targets.get(index);
        int port = route.map(SmtpRoute::port).orElse(resources.port());
        Bootstrap bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.max(1, timeoutConnect) * 1000)
                .option(ChannelOption.AUTO_READ, true)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new ReplyDecoder(resources.replyLimit()),
                                new SmtpClientSession(batch, target, port, resources.tls(), resources.readers(),
                                        RemoteDelivery.this::finish));
                    }
                });
        bootstrap.connect(new InetSocketAddress(target.address(), port)).addListener(f -> {
            if (!f.isSuccess()) {
                // qmail-remote: a refused or timed-out connect moves on to the next address.
                failures.add(target.address().getHostAddress() + ":" + port + " " + Reports.connectFailure(f.cause()));
                connect(targets, index + 1, failures);
            }
        });
    }

    private void finish(SessionResult result) {
        batch.complete(result);
    }

    private void onLoop(Runnable step) {
        try {
            loop.execute(() -> {
                try {
                    step.run();
                } catch (RuntimeException bug) {
                    LOG.error("remote delivery to {} failed", domain, bug);
                    finish(SessionResult.of(Reports.SYSTEM));
                }
            });
        } catch (RejectedExecutionException stopping) {
            finish(SessionResult.of(Reports.STOPPED));
        }
    }
}

package org.tessera.pop3.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.common.auth.CheckerChain;
import org.tessera.common.hooks.HookCalls;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.listener.Listener;
import org.tessera.api.listener.ListenerState;
import org.tessera.listener.ListenerServices;
import org.tessera.listener.LineChunkFramer;
import org.tessera.listener.LoginThrottle;
import org.tessera.listener.ServerTls;
import org.tessera.listener.TcpServer;

/**
 * A POP3 listener: tcpserver ({@link TcpServer}), qmail-popup, checkpassword (the
 * {@link PasswordChecker} chain) and qmail-pop3d ({@link Pop3Session}) in one component. As root,
 * the Maildir of each account is touched only with the account's file-system identity. Every login
 * goes through the {@link LoginThrottle}; the modern profile and implicit TLS (POP3S) use the
 * {@link ServerTls} certificate.
 */
@Component(configurationPid = Pop3Listener.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true,
        service = Listener.class)
@Designate(ocd = Pop3ListenerConfiguration.class, factory = true)
public final class Pop3Listener implements Listener {

    static final String PID = "org.tessera.pop3";
    private static final Logger LOG = LoggerFactory.getLogger(Pop3Listener.class);
    // Command lines are short; a chunk of a few of them is plenty.
    private static final int CHUNK = 4096;

    @Reference
    private ControlFiles control;

    @Reference
    private ListenerServices services;

    @Reference
    private ServerTls tls;

    @Reference
    private LoginThrottle throttle;

    // DS keeps this list sorted as ServiceReference.compareTo does: lowest ranking first.
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.REPLACE)
    private volatile List<PasswordChecker> checkers;

    private ThreadPoolExecutor workers;
    private HookCalls logins;
    private volatile TcpServer server;
    private String name;

    @Activate
    void activate(Pop3ListenerConfiguration configuration) throws Exception {
        name = configuration.name();
        if (configuration.port() == 0) {
            LOG.info("POP3 listener {} disabled (port 0)", configuration.name());
            return;
        }
        AccountIdentity identity = serverIsRoot() ? AccountIdentity.forRootServer() : null;
        AtomicInteger threads = new AtomicInteger();
        int workerCount = Math.max(1, configuration.workerThreads());
        workers = new ThreadPoolExecutor(workerCount, workerCount, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread t = new Thread(task, "tessera-pop3-" + configuration.name() + "-worker-"
                            + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        workers.allowCoreThreadTimeOut(true);
        logins = new HookCalls("tessera-pop3-" + configuration.name() + "-login", workerCount,
                Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds())));
        CheckerChain chain = new CheckerChain(() -> checkers == null ? List.of() : checkers, logins);
        TcpServer.Builder builder = TcpServer.builder("POP3", configuration.name(),
                        connection -> new Pop3Session(settings(configuration, chain, identity, connection), connection))
                .bind(configuration.bind()).port(configuration.port()).handlerThreads(configuration.handlerThreads())
                .framer(new LineChunkFramer(CHUNK)).rules(services::rules).mailLog(services.mailLog())
                .measuredBy(services)
                .hookTimeout(Duration.ofSeconds(Math.max(1, configuration.hookTimeoutSeconds()))).concurrency(control::concurrencyIncoming)
                .localHost(() -> control.me().orElse(""));
        if (configuration.implicitTls()) {
            builder.implicitTls(tls::context);
        }
        server = builder.build();
        try {
            server.start();
        } catch (Exception e) {
            workers.shutdownNow();
            throw e;
        }
        LOG.info("POP3 listener {} on {}:{}{}{}{}", configuration.name(), configuration.bind(), configuration.port(),
                configuration.modern() ? ", modern profile (CAPA, STLS, AUTH; logins in TLS only)" : "",
                configuration.implicitTls() ? ", implicit TLS" : "",
                identity != null ? ", Maildirs opened with each account's uid and gid" : "");
    }

    private Pop3Settings settings(Pop3ListenerConfiguration configuration, CheckerChain chain, AccountIdentity identity,
            TcpServer.Connection connection) {
        String host = !configuration.hostname().isBlank() ? configuration.hostname()
                : control.me().orElse(connection.client().localIp());
        return new Pop3Settings(host, configuration.timeoutSeconds(), configuration.maxCommandBytes(), chain, workers,
                identity, services.mailLog(), configuration.name(), configuration.modern(), configuration.implicitTls(),
                tls::context, throttle);
    }

    @Override
    public ListenerState state() {
        return TcpServer.stateOf(server, "POP3", name);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        if (logins != null) {
            logins.shutdown();
        }
        if (workers != null) {
            workers.shutdownNow();
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warn("POP3 workers still running 30 s after the listener stopped");
            }
        }
    }

    // qmail-pop3d ran as the user; only a root server has an identity to give up.
    private static boolean serverIsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}

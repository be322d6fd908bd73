package org.tessera.listener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.common.hooks.HookCalls;
import org.tessera.common.hooks.HookMeters;
import org.tessera.common.metrics.NoMetrics;

/**
 * What every listener's tcpserver part measures, by listener: connections by outcome, sessions ended to
 * make room, TLS handshakes by outcome, and, as gauges read at scrape time, the sessions served and the
 * connections waiting for a slot; and the calls of each listener's hooks (policies, filters). Listeners start and stop, and the metrics service comes and goes, in
 * any order: each server's gauges exist while both do.
 */
final class ListenerMeters {

    static final MeterId CONNECTIONS = MeterId.of("tessera_listener_connections_total",
            "Connections by listener and outcome: allowed (by the connection rules), denied (by them), refused"
                    + " (past a per-address limit).");
    static final MeterId EVICTIONS = MeterId.of("tessera_listener_evictions_total",
            "Idle sessions ended (SMTP: 421) to make room for a connection waiting for a slot, by listener.");
    static final MeterId HANDSHAKES = MeterId.of("tessera_tls_handshakes_total",
            "TLS handshakes by listener and outcome (ok, failed), STARTTLS, STLS and implicit TLS alike.");
    static final MeterId SESSIONS = MeterId.of("tessera_listener_sessions",
            "Sessions holding a slot of concurrencyincoming now, by listener.");
    static final MeterId WAITING = MeterId.of("tessera_listener_waiting",
            "Connections waiting, unanswered, for a slot now, by listener.");

    private volatile Metrics metrics = NoMetrics.INSTANCE;
    // Guarded by this.
    private final Map<TcpServer, List<Gauge>> gauges = new HashMap<>();
    // Guarded by this: told of the metrics service whenever it changes (each listener measures its hooks so).
    private final Set<Consumer<Metrics>> watchers = new LinkedHashSet<>();

    Metrics metrics() {
        return metrics;
    }

    synchronized void bind(Metrics service) {
        closeGauges();
        metrics = service;
        for (TcpServer server : List.copyOf(gauges.keySet())) {
            gauges.put(server, register(server));
        }
        watchers.forEach(watcher -> watcher.accept(service));
    }

    synchronized void unbind(Metrics service) {
        if (metrics == service) {
            closeGauges();
            metrics = NoMetrics.INSTANCE;
            watchers.forEach(watcher -> watcher.accept(metrics));
        }
    }

    /** Tells {@code watcher} of the metrics service now and whenever it changes, until the returned stop runs. */
    synchronized Runnable watch(Consumer<Metrics> watcher) {
        watchers.add(watcher);
        watcher.accept(metrics);
        return () -> {
            synchronized (this) {
                watchers.remove(watcher);
            }
        };
    }

    /** Measures a listener's hook calls with the metrics service now and whenever it changes. */
    Runnable measure(HookCalls calls, String listener) {
        return watch(service -> calls.measure(new HookMeters(service, listener)));
    }

    synchronized void started(TcpServer server) {
        gauges.put(server, register(server));
    }

    synchronized void stopped(TcpServer server) {
        List<Gauge> registered = gauges.remove(server);
        if (registered != null) {
            registered.forEach(Gauge::close);
        }
    }

    private List<Gauge> register(TcpServer server) {
        List<Gauge> registered = new ArrayList<>();
        registered.add(metrics.gauge(SESSIONS.label("listener", server.name()), server::servingCount));
        registered.add(metrics.gauge(WAITING.label("listener", server.name()), server::waitingCount));
        return registered;
    }

    private void closeGauges() {
        for (Map.Entry<TcpServer, List<Gauge>> entry : gauges.entrySet()) {
            entry.getValue().forEach(Gauge::close);
            entry.setValue(List.of());
        }
    }
}

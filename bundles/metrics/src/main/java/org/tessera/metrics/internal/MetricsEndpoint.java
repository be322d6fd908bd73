package org.tessera.metrics.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code GET /metrics}: every meter of the server in Prometheus's text format, from the JDK's own
 * HTTP server on one thread of its own. Only on a loopback address unless {@code allowRemote} is
 * configured: the metrics tell whoever reads them how much mail the server takes and delivers and
 * which plugins it runs. A refused or failed start is logged; the meters go on counting.
 */
@Component(immediate = true, configurationPid = MetricsEndpoint.PID)
@Designate(ocd = MetricsEndpointConfiguration.class)
public final class MetricsEndpoint {

    static final String PID = "org.tessera.metrics";
    static final int DEFAULT_PORT = 2954;
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    @Reference
    MeterRegistryService registry;

    private HttpServer server;
    private ExecutorService thread;

    @Activate
    @Modified
    void configure(MetricsEndpointConfiguration config) {
        stop();
        int port = config.port();
        if (port == 0) {
            LOG.info("the metrics endpoint is off (port 0)");
            return;
        }
        if (port < 0 || port > 65535) {
            LOG.error("the metrics endpoint is not started: {} is not a port (etc/{}.cfg)", port, PID);
            return;
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(config.bind().strip());
        } catch (UnknownHostException e) {
            LOG.error("the metrics endpoint is not started: unknown address {} (etc/{}.cfg)", config.bind(), PID);
            return;
        }
        if (!allowed(address, config.allowRemote())) {
            LOG.error("the metrics endpoint is not started: {} is not a loopback address, and the metrics tell whoever"
                    + " reads them the server's traffic and plugins; to serve them there, set allowRemote = true in"
                    + " etc/{}.cfg (and put a firewall or an authenticating proxy in front)", config.bind(), PID);
            return;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 0);
        } catch (IOException e) {
            LOG.error("the metrics endpoint is not started: cannot listen on {}:{}: {}", address.getHostAddress(), port,
                    e.toString());
            return;
        }
        thread = Executors.newSingleThreadExecutor(task -> {
            Thread t = new Thread(task, "tessera-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(thread);
        server.createContext("/metrics", this::answer);
        server.start();
        LOG.info("metrics at http://{}:{}/metrics", address.getHostAddress(), port);
    }

    /** Whether the endpoint may listen on the address: a loopback one, or any when remote readers are allowed. */
    static boolean allowed(InetAddress address, boolean allowRemote) {
        return address.isLoopbackAddress() || allowRemote;
    }

    @Deactivate
    void stop() {
        if (server != null) {
            server.stop(0);
            thread.shutdownNow();
            server = null;
            thread = null;
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/metrics")) {
                exchange.sendResponseHeaders(404, -1);
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
            } else {
                ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
                registry.scrape(body);
                exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                if (method.equals("HEAD")) {
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.size());
                    body.writeTo(exchange.getResponseBody());
                }
            }
        }
    }
}

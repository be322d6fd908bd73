package org.tessera.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.metrics.MeterId;

/** The endpoint on a real socket, asked by the JDK's HTTP client. */
class MetricsEndpointTest {

    private final MeterRegistryService registry = new MeterRegistryService();
    private final MetricsEndpoint endpoint = new MetricsEndpoint();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private int port;

    @BeforeEach
    void start() throws IOException {
        registry.activate();
        endpoint.registry = registry;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        endpoint.stop();
        registry.deactivate();
    }

    private void configure(Map<String, Object> properties) {
        endpoint.configure(Converters.standardConverter().convert(properties).to(MetricsEndpointConfiguration.class));
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getMetricsAnswersEveryMeterInPrometheusTextFormat() throws Exception {
        configure(Map.of("port", port));
        registry.meters().counter(MeterId.of("tessera_test_things_total", "Things.").label("kind", "a"), "test").increment(3);
        HttpResponse<String> response = send("GET", "/metrics");
        assertEquals(200, response.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        Map<String, Double> samples = PrometheusText.samples(response.body());
        assertEquals(3.0, samples.get("tessera_test_things_total{kind=\"a\"}"));
        // The JVM's meters are there from the start.
        assertTrue(samples.keySet().stream().anyMatch(s -> s.startsWith("jvm_memory_used_bytes{")), response.body());
        assertTrue(samples.get("jvm_threads_live_threads") > 0, response.body());
        assertTrue(samples.containsKey("process_uptime_seconds"), response.body());
    }

    @Test
    void headAnswersWithoutABodyAndOtherMethodsAndPathsAreRefused() throws Exception {
        configure(Map.of("port", port));
        HttpResponse<String> head = send("HEAD", "/metrics");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        HttpResponse<String> post = send("POST", "/metrics");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        assertEquals(404, send("GET", "/metrics/x").statusCode());
        assertEquals(404, send("GET", "/").statusCode());
    }

    @Test
    void portZeroServesNothing() {
        configure(Map.of("port", 0));
        assertThrows(ConnectException.class, () -> send("GET", "/metrics"));
    }

    @Test
    void anAddressThatIsNotLoopbackIsRefused() {
        configure(Map.of("port", port, "bind", "0.0.0.0"));
        // 0.0.0.0 would take 127.0.0.1 too: nothing listens there, so nothing was opened.
        assertThrows(ConnectException.class, () -> send("GET", "/metrics"));
    }

    // Decided without opening a socket: a test listens on loopback addresses only.
    @Test
    void onlyLoopbackAddressesUnlessRemoteReadersAreAllowed() throws Exception {
        for (String loopback : List.of("127.0.0.1", "127.0.0.2", "::1", "localhost")) {
            assertTrue(MetricsEndpoint.allowed(InetAddress.getByName(loopback), false), loopback);
        }
        for (String other : List.of("0.0.0.0", "::", "192.0.2.7", "2001:db8::7")) {
            assertFalse(MetricsEndpoint.allowed(InetAddress.getByName(other), false), other);
            assertTrue(MetricsEndpoint.allowed(InetAddress.getByName(other), true), other);
        }
    }

    @Test
    void allowRemoteKeepsALoopbackAddressServed() throws Exception {
        configure(Map.of("port", port, "bind", "127.0.0.1", "allowRemote", true));
        assertEquals(200, send("GET", "/metrics").statusCode());
    }

    @Test
    void aNewConfigurationOfTheSamePortOpensItAgain() throws Exception {
        for (int i = 0; i < 3; i++) {
            configure(Map.of("port", port));
            assertEquals(200, send("GET", "/metrics").statusCode());
        }
    }

    @Test
    void aNewConfigurationMovesTheEndpoint() throws Exception {
        configure(Map.of("port", port));
        assertEquals(200, send("GET", "/metrics").statusCode());
        int old = port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        configure(Map.of("port", port, "bind", "localhost"));
        assertEquals(200, send("GET", "/metrics").statusCode());
        port = old;
        assertThrows(ConnectException.class, () -> send("GET", "/metrics"));
    }
}

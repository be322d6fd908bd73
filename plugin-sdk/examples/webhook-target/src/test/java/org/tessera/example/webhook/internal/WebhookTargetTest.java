package org.tessera.example.webhook.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.util.converter.Converters;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

/** Deliveries to a real HTTP endpoint on 127.0.0.1 (the JDK's server), answering as each test says. */
class WebhookTargetTest {

    private static final String MESSAGE = "Received: from unknown by mx.example.com\nSubject: alert\n\ndisk full\n";

    private record Request(String method, String contentType, String sender, String recipient, byte[] body) {
    }

    private HttpServer server;
    private String base;
    private volatile int status = 204;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("X-Tessera-Sender"),
                    exchange.getRequestHeaders().getFirst("X-Tessera-Recipient"), body));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static WebhookTarget target(Map<String, Object> properties) {
        WebhookTarget target = new WebhookTarget();
        target.activate(Converters.standardConverter().convert(properties).to(WebhookTargetConfiguration.class));
        return target;
    }

    private WebhookTarget allowingTheEndpoint() {
        return target(Map.of("allowed", List.of(base + "/"), "timeoutSeconds", 5));
    }

    private static DeliveryResult deliver(WebhookTarget target, String url, TestMessage message) {
        return target.deliver(TestDelivery.to("joe-alerts@example.com").ext("-", "alerts").sender("monitor@example.org")
                .argument(url).content(message).build());
    }

    @Test
    void theMessageIsPostedUnchangedWithItsEnvelope() throws Exception {
        TestMessage message = TestMessage.of(MESSAGE);

        DeliveryResult result = deliver(allowingTheEndpoint(), base + "/hook", message);

        assertEquals(Outcome.SUCCESS, result.outcome(), result.text());
        Request request = requests.poll(5, TimeUnit.SECONDS);
        assertEquals("POST", request.method());
        assertEquals("message/rfc822", request.contentType());
        assertEquals("monitor@example.org", request.sender());
        assertEquals("joe-alerts@example.com", request.recipient());
        assertEquals(MESSAGE, new String(request.body(), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, message.openStreams(), "the message's stream is closed");
    }

    @Test
    void aUrlOutsideTheAllowedPrefixesIsDeferredWithoutARequest() {
        DeliveryResult result = deliver(target(Map.of("allowed", List.of("https://hooks.example.com/"))),
                base + "/hook", TestMessage.of(MESSAGE));

        assertEquals(Outcome.TEMPORARY, result.outcome());
        assertEquals("Webhook URL " + base + "/hook is not allowed here. (#4.3.5)\n", result.text());
        assertTrue(requests.isEmpty(), "no request was made");
    }

    @Test
    void withoutAnyAllowedPrefixNothingIsPosted() {
        DeliveryResult result = deliver(target(Map.of()), base + "/hook", TestMessage.of(MESSAGE));

        assertEquals(Outcome.TEMPORARY, result.outcome());
        assertTrue(requests.isEmpty(), "no request was made");
    }

    @Test
    void theEndpointsRefusalBouncesAndItsTroubleDefers() {
        WebhookTarget target = allowingTheEndpoint();

        status = 404;
        assertEquals(new DeliveryResult(Outcome.PERMANENT, "webhook 127.0.0.1 answered 404.\n"),
                deliver(target, base + "/hook", TestMessage.of(MESSAGE)));
        status = 429;
        assertEquals(Outcome.TEMPORARY, deliver(target, base + "/hook", TestMessage.of(MESSAGE)).outcome());
        status = 503;
        assertEquals(Outcome.TEMPORARY, deliver(target, base + "/hook", TestMessage.of(MESSAGE)).outcome());
    }

    @Test
    void anEndpointThatIsDownDefers() throws IOException {
        int closedPort;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closedPort + "/hook";

        DeliveryResult result = deliver(target(Map.of("allowed", List.of(down))), down, TestMessage.of(MESSAGE));

        assertEquals(Outcome.TEMPORARY, result.outcome());
        assertTrue(result.text().startsWith("Unable to post to webhook 127.0.0.1: "), result.text());
    }

    @Test
    void aUrlThatIsNotHttpBounces() {
        WebhookTarget target = target(Map.of("allowed", List.of("file:")));

        assertEquals(Outcome.PERMANENT, deliver(target, "file:/etc/shadow", TestMessage.of(MESSAGE)).outcome());
    }

    @Test
    void aMessageOverTheLimitBouncesWithoutARequest() {
        WebhookTarget target = target(Map.of("allowed", List.of(base + "/"), "maxBytes", 10L));

        DeliveryResult result = deliver(target, base + "/hook", TestMessage.of(MESSAGE));

        assertEquals(new DeliveryResult(Outcome.PERMANENT, "Message is larger than the webhook takes. (#5.3.4)\n"),
                result);
        assertTrue(requests.isEmpty(), "no request was made");
    }
}

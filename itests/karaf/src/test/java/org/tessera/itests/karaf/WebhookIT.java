package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.AfterClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/**
 * A delivery target of a plugin's own kind through the whole server (issue 15, the SDK's webhook
 * example): its feature, shipped with the distribution, is installed into the running server, the alias user's
 * {@code .qmail-hook} says {@code +webhook:URL}, and mail sent over SMTP to {@code hook@example.com}
 * arrives as an HTTP POST at an endpoint on 127.0.0.1, the message as queued in its body; a URL the
 * operator did not allow is never posted to, and its mail stays queued instead of bouncing. Installing the
 * feature refreshes no bundle: an SMTP session open across it goes on.
 */
public class WebhookIT {

    private static final HttpServer endpoint = endpoint();
    private static final BlockingQueue<String> posted = new LinkedBlockingQueue<>();

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("webhook-home", Map.of(), true)
            .etc("org.tessera.example.webhook.cfg", "allowed = http://127.0.0.1:" + endpoint.getAddress().getPort() + "/\n");

    private static HttpServer endpoint() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", exchange -> {
                posted.add(exchange.getRequestHeaders().getFirst("X-Tessera-Recipient") + "\n"
                        + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterClass
    public static void stopEndpoint() {
        endpoint.stop(0);
    }

    @Test
    public void mailForAWebhookLineArrivesAtTheEndpointAndAnUnallowedUrlIsNeverPosted() throws Exception {
        assumeTrue("the alias user's deliveries run in a user process as root", "root".equals(System.getProperty("user.name")));
        String url = "http://127.0.0.1:" + endpoint.getAddress().getPort();
        dotQmail(".qmail-hook", "+webhook:" + url + "/hook\n");
        dotQmail(".qmail-elsewhere", "+webhook:http://127.0.0.2:" + endpoint.getAddress().getPort() + "/hook\n");
        // A session open across the install: a feature install that refreshed bundles would restart the
        // listener and end it.
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            smtp.ctl("feature:install", "tessera-example-webhook");
            awaitWebhookTarget();
            SmtpHome.assertQueued(c.transaction("monitor@example.org", List.of("hook@example.com"),
                    "Subject: disk full\r\n\r\nsda1 at 99%\r\n"));
        }
        assertFalse("installing the plugin's feature stopped no bundle", smtp.karafLog().contains("Stopping bundles"));
        String request = posted.poll(60, TimeUnit.SECONDS);
        assertTrue("a POST within 60 s", request != null);
        assertTrue(request, request.startsWith("hook@example.com\nReceived: "));
        assertTrue(request, request.contains("\nSubject: disk full\n\nsda1 at 99%\n"));

        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("monitor@example.org", List.of("elsewhere@example.com"),
                    "Subject: not allowed\r\n\r\nx\r\n"));
        }
        assertEquals(List.of("deferral: Webhook_URL_http://127.0.0.2:" + endpoint.getAddress().getPort()
                + "/hook_is_not_allowed_here._(#4.3.5)/"), smtp.deliveryOutcomes("elsewhere@example.com", 1));
        assertEquals("no POST for a URL that is not allowed", null, posted.poll(1, TimeUnit.SECONDS));
        smtp.queuedTo("elsewhere@example.com");
    }

    private static void dotQmail(String name, String content) throws IOException {
        Path alias = smtp.commands.home.resolve("alias");
        Path file = Files.writeString(alias.resolve(name), content);
        Files.setAttribute(file, "unix:uid", Files.getAttribute(alias, "unix:uid"));
        Files.setAttribute(file, "unix:gid", Files.getAttribute(alias, "unix:gid"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void awaitWebhookTarget() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result listed;
        do {
            listed = smtp.commands.tessera(60, "ctl", "plugins", "DeliveryTarget");
            if (listed.out().contains("org.tessera.example.webhook-target")) {
                return;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the webhook target within 60 s: " + listed);
    }
}

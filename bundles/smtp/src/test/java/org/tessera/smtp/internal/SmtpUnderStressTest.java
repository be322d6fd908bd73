package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.control.internal.ControlFilesForTests;
import org.tessera.listener.ListenerServices;

/**
 * Hostile connections against the default configuration ({@code concurrencyincoming} 20): a hundred
 * clients that hold their connections idle, trickle a byte every 2 s, or never read their replies, and
 * come back at once when they are closed; a legitimate client from the same address, retrying as an MTA
 * does, still gets its message accepted within 30 s.
 */
class SmtpUnderStressTest {

    private static final int HOSTILE = 100;
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    @TempDir
    Path home;

    private final SmtpListener listener = new SmtpListener();
    private final RecordingQueue queue = new RecordingQueue();
    private final AtomicBoolean attacking = new AtomicBoolean(true);
    private final ExecutorService attackers = Executors.newFixedThreadPool(HOSTILE);
    private final List<Socket> sockets = java.util.Collections.synchronizedList(new ArrayList<>());
    private int port;

    @BeforeEach
    void start() throws Exception {
        Path control = Files.createDirectories(home.resolve("control"));
        Files.writeString(control.resolve("me"), "mx.test\n");
        listener.control = ControlFilesForTests.over(home);
        listener.queue = queue;
        listener.services = new ListenerServices();
        listener.relayPolicies = List.<RelayPolicy>of((transaction, recipient) -> Verdict.ACCEPT);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        listener.activate(Converters.standardConverter().convert(Map.of("name", "smtp", "port", port))
                .to(SmtpListenerConfiguration.class), null);
    }

    @AfterEach
    void stop() throws Exception {
        attacking.set(false);
        attackers.shutdownNow();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        attackers.awaitTermination(30, TimeUnit.SECONDS);
        listener.deactivate();
    }

    /** What one hostile client does with its connection until the server closes it. */
    private interface Hostility {
        void use(Socket socket) throws IOException, InterruptedException;
    }

    private void attack(Hostility hostility) throws InterruptedException {
        for (int i = 0; i < HOSTILE; i++) {
            attackers.execute(() -> {
                while (attacking.get()) {
                    try (Socket socket = new Socket()) {
                        sockets.add(socket);
                        socket.connect(new InetSocketAddress("127.0.0.1", port));
                        hostility.use(socket);
                    } catch (IOException | InterruptedException e) {
                        // closed by the server, or by the test's end: come back at once
                    }
                }
            });
        }
        Thread.sleep(2000);
    }

    // Half a second with the connection open; the end of the stream (an eviction, a close) ends the wait.
    private static void socketWaits(Socket socket) throws IOException {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (socket.isClosed()) {
            throw new IOException("closed");
        }
        socket.setSoTimeout(1);
        try {
            if (socket.getInputStream().read() < 0) {
                throw new IOException("closed by the server");
            }
        } catch (java.net.SocketTimeoutException stillOpen) {
            // nothing to read: hold on
        } finally {
            socket.setSoTimeout(0);
        }
    }

    /** An MTA: connect, wait for the greeting, send the message; a 421 or a close means trying again a second later. */
    private long legitimateDelivery() throws Exception {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(60_000);
                Client c = Client.over(socket);
                String greeting = c.reply();
                if (greeting.startsWith("220 ")) {
                    c.command("EHLO mta.test");
                    c.command("MAIL FROM:<mta@mta.test>");
                    c.command("RCPT TO:<user@example.com>");
                    if (c.command("DATA").startsWith("354") && c.command("Subject: x\r\n\r\nhello\r\n.").startsWith("250 ok")) {
                        return System.nanoTime() - start;
                    }
                }
            } catch (IOException e) {
                // closed under us: retry
            }
            Thread.sleep(1000);
        }
        return Long.MAX_VALUE;
    }

    private void assertServedInTime(String what) throws Exception {
        long took = legitimateDelivery();
        assertTrue(took < LIMIT_NANOS, what + ": took " + TimeUnit.NANOSECONDS.toMillis(took) + " ms");
        System.out.printf("%s: legitimate message accepted after %d ms%n", what, TimeUnit.NANOSECONDS.toMillis(took));
    }

    @Test
    void idleConnections() throws Exception {
        attack(socket -> {
            while (attacking.get()) {
                socketWaits(socket);
            }
        });
        assertServedInTime("100 idle connections");
    }

    @Test
    void slowlorisClients() throws Exception {
        attack(socket -> {
            OutputStream out = socket.getOutputStream();
            byte[] line = "EHLO slow.test\r\n".getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; attacking.get(); i = (i + 1) % line.length) {
                out.write(line[i]);
                out.flush();
                socketWaits(socket);
                socketWaits(socket);
                socketWaits(socket);
                socketWaits(socket);
            }
        });
        assertServedInTime("100 clients sending a byte every 2 s");
    }

    @Test
    void clientsThatNeverReadTheirReplies() throws Exception {
        attack(socket -> {
            socket.getOutputStream().write("EHLO deaf.test\r\nMAIL FROM:<a@deaf.test>\r\nNOOP\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            while (attacking.get()) {
                socketWaits(socket);
            }
        });
        assertServedInTime("100 clients that never read");
    }
}

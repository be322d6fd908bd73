package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.Envelope;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.control.internal.ControlFilesForTests;
import org.tessera.listener.ListenerServices;

/**
 * A listener that stops (its bundle stopped or updated while mail flows) tells its clients 421, and a
 * message the queue is committing at that moment gets its 250 first, so its client never sends it again.
 */
class SmtpListenerStopTest {

    private static final String SHUTTING_DOWN = "421 service shutting down; try again later (#4.3.2)\r\n";

    @TempDir
    Path home;

    @Test
    void openSessionsAreToldAndAMessageBeingQueuedIsAnsweredFirst() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        RecordingQueue recording = new RecordingQueue();
        MailQueue slowQueue = new MailQueue() {
            @Override
            public CompletionStage<InjectResult> inject(Envelope envelope, Origin origin, InputStream content) {
                return inject(CompletableFuture.completedFuture(envelope), origin, content);
            }

            // The queue has read the message and holds its commit until the test lets it go.
            @Override
            public CompletionStage<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin,
                    InputStream content) {
                return recording.inject(envelope, origin, content).thenApplyAsync(result -> {
                    reading.countDown();
                    try {
                        commit.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return result;
                });
            }
        };
        SmtpListener listener = new SmtpListener();
        Files.writeString(Files.createDirectories(home.resolve("control")).resolve("me"), "mx.test\n");
        listener.control = ControlFilesForTests.over(home);
        listener.queue = slowQueue;
        listener.services = new ListenerServices();
        listener.relayPolicies = List.<RelayPolicy>of((transaction, recipient) -> Verdict.ACCEPT);
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        listener.activate(Converters.standardConverter().convert(Map.of("name", "smtp", "port", port))
                .to(SmtpListenerConfiguration.class), null);

        try (Client idle = Client.greeted(port); Client sending = Client.greeted(port)) {
            assertTrue(idle.command("HELO a.test").startsWith("250"));
            sending.command("HELO b.test");
            sending.command("MAIL FROM:<ann@b.test>");
            sending.command("RCPT TO:<joe@mx.test>");
            assertTrue(sending.command("DATA").startsWith("354"));
            sending.send("Subject: in flight\r\n\r\nbody\r\n.\r\n");
            assertTrue(reading.await(10, TimeUnit.SECONDS), "the queue has the message");

            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
                try {
                    listener.deactivate();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(SHUTTING_DOWN, idle.reply());
            commit.countDown();
            assertTrue(sending.reply().startsWith("250 ok "), "the queued message is acknowledged before the end");
            assertEquals(SHUTTING_DOWN, sending.reply());
            stopped.get(20, TimeUnit.SECONDS);
            assertEquals(1, recording.messages.size());
        }
    }
}

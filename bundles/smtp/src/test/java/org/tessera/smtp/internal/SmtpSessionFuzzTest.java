package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.common.testing.FuzzedClient;
import org.tessera.api.mail.Envelope;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.control.internal.ControlFilesForTests;
import org.tessera.listener.ListenerServices;

/**
 * A client's whole side of an SMTP session, command lines and DATA alike, sent to the real listener
 * on 127.0.0.1 (as SmtpDialogueTest does) in pieces of a fuzzed size, then its end of input: the
 * session answers only well-formed replies, every message it acknowledges was whole and had
 * accepted recipients, and it ends; the listener then still greets the next client.
 */
class SmtpSessionFuzzTest {

    // Jazzer's SSRF detector would take the test's own connections for a finding: loopback is expected.
    private static final BiPredicate<String, Integer> LOOPBACK = (host, port) -> host.equals("localhost")
            || host.startsWith("127.");

    private static final Pattern REPLY_LINE = Pattern.compile("[2-5]\\d\\d[ -][^\r\n]*\r\n");
    // Far longer than any session of a fuzzed input takes; reaching it means the session hung.

    @TempDir
    static Path home;

    private static final SmtpListener listener = new SmtpListener();
    private static final CheckingQueue queue = new CheckingQueue();
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        Path control = Files.createDirectories(home.resolve("control"));
        Files.writeString(control.resolve("me"), "mx.test\n");
        Files.writeString(control.resolve("rcpthosts"), "example.com\n");
        Files.writeString(control.resolve("badmailfrom"), "spammer@evil.test\n@evil.test\n");
        Files.writeString(control.resolve("databytes"), "4096\n");
        Files.writeString(control.resolve("localiphost"), "[127.0.0.1]\n");
        listener.control = ControlFilesForTests.over(home);
        listener.queue = queue;
        listener.services = new ListenerServices();
        RelayPolicy rcpthosts = (transaction, recipient) -> recipient.domain().equals("example.com")
                ? Verdict.ACCEPT : new Verdict(Verdict.Outcome.REJECT, 553, "sorry, not in rcpthosts (#5.7.1)");
        listener.relayPolicies = List.of(rcpthosts);
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        listener.activate(Converters.standardConverter().convert(Map.of("name", "smtp", "port", port,
                "maxCommandBytes", 1024, "maxRecipients", 20, "hookTimeoutSeconds", 5L))
                .to(SmtpListenerConfiguration.class), null);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        listener.deactivate();
    }

    @FuzzTest
    void clientSide(FuzzedDataProvider data) throws IOException {
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(LOOPBACK)) {
            int piece = data.consumeInt(1, 512);
            byte[] input = data.consumeRemainingAsBytes();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(FuzzedClient.HUNG_MILLIS);
                if (FuzzedClient.sendAll(socket, input, piece)) {
                    String replies = FuzzedClient.readToEnd(socket.getInputStream());
                    if (replies != null) {
                        assertTrue(replies.startsWith("220 mx.test ESMTP\r\n"), replies);
                        assertTrue(REPLY_LINE.matcher("").reset(replies).results().mapToInt(r -> r.group().length())
                                .sum() == replies.length(), "only reply lines: " + replies);
                    }
                }
            }
            queue.check();
        }
    }



    /** Reads and drops each message, keeping only what went wrong: a message without recipients or cut short. */
    private static final class CheckingQueue implements MailQueue {
        private final AtomicLong ids = new AtomicLong();
        private volatile String wrong;

        @Override
        public CompletionStage<InjectResult> inject(Envelope envelope, Origin origin, InputStream content) {
            return inject(CompletableFuture.completedFuture(envelope), origin, content);
        }

        @Override
        public CompletionStage<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin,
                InputStream content) {
            return CompletableFuture.supplyAsync(() -> {
                byte[] message;
                try (InputStream in = content) {
                    message = in.readAllBytes();
                } catch (IOException cut) {
                    return new InjectResult(InjectResult.Outcome.TEMPORARY, 81, "message cut", 0, 0);
                }
                Envelope whole = envelope.toCompletableFuture().join();
                if (whole.recipients().isEmpty()) {
                    wrong = "a message queued without recipients";
                } else if (!new String(message, StandardCharsets.ISO_8859_1).startsWith("Received: ")) {
                    wrong = "a message queued without its Received line";
                }
                long id = ids.incrementAndGet();
                return new InjectResult(InjectResult.Outcome.OK, 0, "", id, id);
            });
        }

        void check() {
            assertEquals(null, wrong);
        }
    }
}

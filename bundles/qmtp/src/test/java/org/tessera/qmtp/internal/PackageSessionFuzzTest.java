package org.tessera.qmtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tessera.common.testing.FuzzedClient;
import org.tessera.api.mail.Envelope;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.common.hooks.HookCalls;
import org.tessera.common.metrics.NoMetrics;
import org.tessera.listener.ByteChunkFramer;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.ListenerMessages;
import org.tessera.listener.TcpServer;

/**
 * A client's whole side of a QMTP or QMQP connection, sent in pieces of a fuzzed size to the real
 * sessions on 127.0.0.1 (built as QmtpListener and QmqpListener build them), then its end of input:
 * every answer is a netstring starting with K, Z or D, QMQP answers at most once, and the session ends.
 */
class PackageSessionFuzzTest {

    // Jazzer's SSRF detector would take the test's own connections for a finding: loopback is expected.
    private static final BiPredicate<String, Integer> LOOPBACK = (host, port) -> host.equals("localhost")
            || host.startsWith("127.");

    private static final CheckingQueue qmtpQueue = new CheckingQueue(true);
    // qmail-qmqpd queues a package without recipients (qmail-queue finishes it undelivered), QMTP refuses it.
    private static final CheckingQueue qmqpQueue = new CheckingQueue(false);

    private static HookCalls hooks;
    private static TcpServer qmtp;
    private static TcpServer qmqp;

    @BeforeAll
    static void start() throws Exception {
        KeptCounters messages = ListenerMessages.counters("fuzz", () -> NoMetrics.INSTANCE);
        hooks = new HookCalls("fuzz-qmtp-hook", 1, Duration.ofSeconds(5));
        RelayPolicy rcpthosts = (transaction, recipient) -> recipient.domain().equals("example.com")
                ? Verdict.ACCEPT : new Verdict(Verdict.Outcome.REJECT, 553, "sorry, not in rcpthosts (#5.7.1)");
        qmtp = TcpServer.builder("QMTP", "qmtp", connection -> new QmtpSession(connection, () -> qmtpQueue, messages, 3600,
                4096, 20, () -> List.of(rcpthosts), hooks)).port(0).framer(new ByteChunkFramer(QmtpListener.CHUNK)).build();
        qmtp.start();
        qmqp = TcpServer.builder("QMQP", "qmqp", connection -> new QmqpSession(connection, () -> qmqpQueue, messages, 3600, 20))
                .port(0).framer(new ByteChunkFramer(QmtpListener.CHUNK)).build();
        qmqp.start();
    }

    @AfterAll
    static void stop() {
        qmtp.stop();
        qmqp.stop();
        hooks.shutdown();
    }

    @FuzzTest
    void clientSide(FuzzedDataProvider data) throws IOException {
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(LOOPBACK)) {
            boolean qmqpSession = data.consumeBoolean();
            int piece = data.consumeInt(1, 512);
            byte[] input = data.consumeRemainingAsBytes();
            TcpServer server = qmqpSession ? qmqp : qmtp;
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.boundAddresses().get(0).getPort());
            try (socket) {
                socket.setSoTimeout(FuzzedClient.HUNG_MILLIS);
                // The server closes at a protocol error, maybe before it read everything: a reset, not a hang.
                String answers = FuzzedClient.sendAll(socket, input, piece)
                        ? FuzzedClient.readToEnd(socket.getInputStream()) : null;
                if (answers != null) {
                    int count = answers(answers);
                    assertTrue(!qmqpSession || count <= 1, "QMQP answers once: " + answers);
                }
            }
            qmtpQueue.check();
            qmqpQueue.check();
        }
    }

    // The number of answers, each a netstring of K, Z or D and a text (which may hold commas).
    private static int answers(String answers) {
        int count = 0;
        for (int at = 0; at < answers.length(); count++) {
            int colon = answers.indexOf(':', at);
            assertTrue(colon > at && answers.substring(at, colon).chars().allMatch(Character::isDigit), answers);
            int end = colon + 1 + Integer.parseInt(answers.substring(at, colon));
            assertTrue(end < answers.length() && answers.charAt(end) == ',', "a netstring's length: " + answers);
            assertTrue("KZD".indexOf(answers.charAt(colon + 1)) >= 0, "K, Z or D: " + answers);
            at = end + 1;
        }
        return count;
    }


    /** Reads and drops each message, keeping only what went wrong: a message without recipients where they are required. */
    private static final class CheckingQueue implements MailQueue {
        private final AtomicLong ids = new AtomicLong();
        private final boolean recipientsRequired;
        private volatile String wrong;

        CheckingQueue(boolean recipientsRequired) {
            this.recipientsRequired = recipientsRequired;
        }

        @Override
        public CompletionStage<InjectResult> inject(Envelope envelope, Origin origin, InputStream content) {
            return inject(CompletableFuture.completedFuture(envelope), origin, content);
        }

        @Override
        public CompletionStage<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin,
                InputStream content) {
            return CompletableFuture.supplyAsync(() -> {
                try (InputStream in = content) {
                    in.transferTo(OutputStream.nullOutputStream());
                } catch (IOException cut) {
                    return new InjectResult(InjectResult.Outcome.TEMPORARY, 81, "message cut", 0, 0);
                }
                if (recipientsRequired && envelope.toCompletableFuture().join().recipients().isEmpty()) {
                    wrong = "a message queued without recipients";
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

package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.common.testing.FuzzedClient;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.common.auth.CheckerChain;
import org.tessera.listener.LineChunkFramer;
import org.tessera.listener.LoginThrottle;
import org.tessera.listener.TcpServer;

/**
 * A client's whole side of a POP3 session, commands as they arrive in pieces of a fuzzed size, sent to
 * the real listener on 127.0.0.1 over a Maildir (as Pop3SessionTest does), then its end of input: the
 * session answers with status lines and message listings only, and ends.
 *
 * <p>Two listeners: qmail's classic profile, and the modern one told that it runs under implicit TLS
 * (without a handshake per input) so that AUTH and its SASL lines are reached in clear.
 */
class Pop3SessionFuzzTest {

    // Jazzer's SSRF detector would take the test's own connections for a finding: loopback is expected.
    private static final BiPredicate<String, Integer> LOOPBACK = (host, port) -> host.equals("localhost")
            || host.startsWith("127.");

    // A reply starts +OK or -ERR, a SASL challenge "+ "; a listing's lines and its dot are in between.
    private static final Pattern STATUS = Pattern.compile("(\\+OK|-ERR|\\+ )[^\r\n]*\r\n");
    private static final List<String> MESSAGES = List.of("new/1000.a.host", "cur/2000.b.host:2,S", "new/3000.c.host");

    @TempDir
    static Path home;

    private static ExecutorService workers;
    private static TcpServer classic;
    private static TcpServer modern;

    @BeforeAll
    static void start() throws Exception {
        MailboxTest.maildir(home);
        refillMaildir();
        PasswordChecker joe = (login, password, timestamp) -> login.equals("joe")
                && new String(password, StandardCharsets.ISO_8859_1).equals("secret")
                ? new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 1000, 1000, home.toString())
                : AuthResult.REJECTED;
        workers = Executors.newFixedThreadPool(2);
        classic = listener(new Pop3Settings("pop.test", 1200, 1024, new CheckerChain(() -> List.of(joe)), workers, null,
                line -> { }));
        modern = listener(new Pop3Settings("pop.test", 1200, 1024, new CheckerChain(() -> List.of(joe)), workers, null,
                line -> { }, "pop3s", true, true, Optional::empty, new LoginThrottle()));
    }

    private static TcpServer listener(Pop3Settings settings) throws Exception {
        TcpServer server = TcpServer.builder("POP3", settings.listener(), connection -> new Pop3Session(settings, connection))
                .port(0).handlerThreads(0).ioThreads(1).framer(new LineChunkFramer(4096)).build();
        server.start();
        return server;
    }

    @AfterAll
    static void stop() throws InterruptedException {
        classic.stop();
        modern.stop();
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    // A session that deleted messages and quit leaves fewer: the next input starts from the same three.
    private static void refillMaildir() throws IOException {
        Path maildir = home.resolve("Maildir");
        Instant old = Instant.now().minusSeconds(100);
        for (int i = 0; i < MESSAGES.size(); i++) {
            Path name = maildir.resolve(MESSAGES.get(i));
            if (!Files.exists(name)) {
                MailboxTest.message(maildir, MESSAGES.get(i), "Subject: " + i + "\n\nline\n.dot\n" + "x\n".repeat(i),
                        old.plusSeconds(i));
            }
        }
    }

    @FuzzTest
    void clientSide(FuzzedDataProvider data) throws IOException {
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(LOOPBACK)) {
            TcpServer server = data.consumeBoolean() ? modern : classic;
            int piece = data.consumeInt(1, 512);
            byte[] input = data.consumeRemainingAsBytes();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.boundAddresses().get(0).getPort())) {
                socket.setSoTimeout(FuzzedClient.HUNG_MILLIS);
                if (!FuzzedClient.sendAll(socket, input, piece)) {
                    return;
                }
                String replies = FuzzedClient.readToEnd(socket.getInputStream());
                if (replies == null) {
                    return;
                }
                assertTrue(replies.startsWith("+OK <"), replies);
                assertTrue(STATUS.matcher(replies).lookingAt(), replies);
                assertTrue(replies.isEmpty() || replies.endsWith("\r\n"), "whole lines only: " + replies);
            } finally {
                refillMaildir();
            }
        }
    }


}

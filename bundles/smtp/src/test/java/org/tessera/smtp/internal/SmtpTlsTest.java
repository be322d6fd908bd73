package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.common.auth.SaslExchange;
import org.tessera.control.internal.ControlFilesForTests;
import org.tessera.listener.ListenerServices;
import org.tessera.listener.LoginThrottle;
import org.tessera.listener.ServerTls;
import org.tessera.metrics.internal.PrometheusTestMetrics;

/**
 * STARTTLS, implicit TLS and AUTH on the real listener over real sockets, with a real TLS client (the
 * JDK's, trusting the self-signed certificate the first start made): what the dialogue offers and when,
 * input pipelined after STARTTLS never read inside TLS in every way it can arrive, the AUTH exchange and
 * its errors, the throttle, the submission rules, and what reaches the relay policy and the message.
 */
class SmtpTlsTest {

    private static final String PASSWORD = "s3cret";
    private static final Verdict RELAY_DENIED = new Verdict(Verdict.Outcome.REJECT, 553, "not in rcpthosts (#5.7.1)");

    @TempDir
    Path home;

    private final RecordingQueue queue = new RecordingQueue();
    private final List<SmtpListener> listeners = new ArrayList<>();
    private final List<MailTransaction> relayQuestions = new CopyOnWriteArrayList<>();
    private final List<MailLogLine> mailLog = new CopyOnWriteArrayList<>();
    private volatile PasswordChecker checker = (login, password, timestamp) ->
            login.equals("joe") && new String(password, StandardCharsets.UTF_8).equals(PASSWORD)
                    ? new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 1000, 1000, "/home/joe") : AuthResult.REJECTED;
    private final PrometheusTestMetrics metrics = new PrometheusTestMetrics();
    private ServerTls tls;
    private LoginThrottle throttle;
    private SSLContext client;

    @BeforeEach
    void setUp() throws Exception {
        Path control = Files.createDirectories(home.resolve("control"));
        Files.writeString(control.resolve("me"), "mx.test\n");
        Files.writeString(control.resolve("rcpthosts"), "example.com\n");
        Files.writeString(control.resolve("locals"), "example.com\n");
        tls = ServerTls.over(ControlFilesForTests.over(home), new ServerTls.Settings("", "", List.of("TLSv1.2", "TLSv1.3"),
                Duration.ofMillis(50)));
        throttle = LoginThrottle.with(new LoginThrottle.Limits(Duration.ofMillis(50), Duration.ofMillis(200), 0, 3,
                Duration.ofMinutes(15), Duration.ofMinutes(15), 1000));
        throttle.bindMetrics(metrics);
        client = trusting(home.resolve("etc/tls/tessera.crt"));
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (SmtpListener listener : listeners) {
            listener.deactivate();
        }
        tls.close();
    }

    private int listener(Object... settings) throws Exception {
        SmtpListener listener = new SmtpListener();
        listener.control = ControlFilesForTests.over(home);
        listener.queue = queue;
        listener.services = new ListenerServices();
        listener.services.bindMailLog(mailLog::add);
        listener.services.bindMetrics(metrics);
        listener.tls = tls;
        listener.throttle = throttle;
        listener.passwordCheckers = List.of((login, password, timestamp) -> checker.check(login, password, timestamp));
        // What the relay-policy bundle answers: RELAYCLIENT or an authenticated client, else rcpthosts.
        listener.relayPolicies = List.<RelayPolicy>of((transaction, recipient) -> {
            relayQuestions.add(transaction);
            return transaction.authentication().isPresent() || recipient.domain().equals("example.com")
                    ? Verdict.ACCEPT : RELAY_DENIED;
        });
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Map<String, Object> configuration = new HashMap<>(Map.of("name", "submission", "port", port,
                "hookTimeoutSeconds", 2L));
        for (int i = 0; i < settings.length; i += 2) {
            configuration.put((String) settings[i], settings[i + 1]);
        }
        listener.activate(Converters.standardConverter().convert(configuration).to(SmtpListenerConfiguration.class), null);
        listeners.add(listener);
        return port;
    }

    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trusted.setCertificateEntry("tessera", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static String plain(String authorization, String user, String password) {
        return Base64.getEncoder().encodeToString((authorization + "\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A client in TLS on a STARTTLS port, greeted again. */
    private Client secured(int port) throws Exception {
        Client c = Client.greeted(port);
        c.command("EHLO client.test");
        assertEquals("220 2.0.0 ready to start TLS\r\n", c.command("STARTTLS"));
        c.tls(client);
        c.command("EHLO client.test");
        return c;
    }

    @Test
    void aQmailListenerOffersNeitherStartTlsNorAuth() throws Exception {
        int port = listener("name", "smtp");
        try (Client c = Client.greeted(port)) {
            assertEquals("250-mx.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.command("EHLO client.test"));
            assertEquals("502 unimplemented (#5.5.1)\r\n", c.command("STARTTLS"));
            assertEquals("502 unimplemented (#5.5.1)\r\n", c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
        }
    }

    @Test
    void startTlsStartsTheSessionOverAndAuthIsOfferedOnlyInside() throws Exception {
        int port = listener("startTls", true, "auth", true);
        try (Client c = Client.greeted(port)) {
            assertEquals("250-mx.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS\r\n", c.command("EHLO client.test"));
            assertEquals("538 5.7.11 encryption required for requested authentication mechanism\r\n",
                    c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<a@client.test>"));
            assertEquals("501 5.5.4 syntax: STARTTLS\r\n", c.command("STARTTLS now"));
            assertEquals("220 2.0.0 ready to start TLS\r\n", c.command("STARTTLS"));
            SSLSocket secured = c.tls(client);
            assertTrue(secured.getSession().getProtocol().startsWith("TLSv1."));
            // The MAIL before TLS is forgotten, and so is the greeting.
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<sue@example.com>"));
            assertEquals("250-mx.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-AUTH LOGIN PLAIN\r\n250 AUTH=LOGIN PLAIN\r\n",
                    c.command("EHLO client.test"));
            assertEquals("503 5.5.1 TLS already active\r\n", c.command("STARTTLS"));
        }
    }

    @Test
    void commandsPipelinedAfterStartTlsInTheSamePacketAreNeverRead() throws Exception {
        int port = listener("startTls", true);
        try (Client c = Client.greeted(port)) {
            c.command("EHLO client.test");
            c.send("STARTTLS\r\nMAIL FROM:<evil@client.test>\r\nRCPT TO:<sue@example.com>\r\n");
            assertEquals("220 2.0.0 ready to start TLS\r\n", c.reply());
            c.tls(client);
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<sue@example.com>"));
        }
    }

    @Test
    void aPartialLineBeforeTheHandshakeIsNeverJoinedToWhatComesInside() throws Exception {
        int port = listener("startTls", true);
        try (Client c = Client.greeted(port)) {
            c.command("EHLO client.test");
            c.send("STARTTLS\r\nMAIL FROM:<ev");
            assertEquals("220 2.0.0 ready to start TLS\r\n", c.reply());
            c.tls(client);
            // Inside TLS the rest of that line is a line of its own: an unknown command, and no MAIL.
            assertEquals("502 unimplemented (#5.5.1)\r\n", c.command("il@client.test>"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<sue@example.com>"));
        }
    }

    @Test
    void commandsSentInASecondPacketBeforeTheHandshakeAreNeverRead() throws Exception {
        int port = listener("startTls", true);
        for (String split : List.of("MAIL FROM:<evil@client.test>\r\n", "MAI|L FROM:<evil@client.test>\r\n")) {
            try (Client c = Client.greeted(port)) {
                c.command("EHLO client.test");
                c.send("STARTTLS\r\n");
                for (String piece : split.split("\\|")) {
                    Thread.sleep(20);
                    c.send(piece);
                }
                assertEquals("220 2.0.0 ready to start TLS\r\n", c.reply());
                // Bytes that reach the TLS layer in clear end the connection; bytes read before it are dropped.
                try {
                    c.tls(client);
                } catch (SSLException | java.net.SocketException e) {
                    continue;
                }
                assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<sue@example.com>"), split);
            }
        }
        assertTrue(queue.envelopes.isEmpty());
    }

    @Test
    void manyConcurrentInjectionAttemptsAllFail() throws Exception {
        int port = listener("startTls", true);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                answers.add(clients.submit(() -> {
                    try (Client c = Client.greeted(port)) {
                        c.command("EHLO client.test");
                        c.send("STARTTLS\r\nMAIL FROM:<evil@client.test>\r\nRCPT TO:<sue@example.com>\r\nDATA\r\n");
                        c.reply();
                        c.tls(client);
                        return c.command("RCPT TO:<sue@example.com>");
                    }
                }));
            }
            for (Future<String> answer : answers) {
                assertEquals("503 MAIL first (#5.5.1)\r\n", answer.get());
            }
        } finally {
            clients.shutdownNow();
        }
        assertTrue(queue.envelopes.isEmpty());
    }

    @Test
    void authPlainAndLoginWithTheirErrors() throws Exception {
        int port = listener("startTls", true, "auth", true);
        try (Client c = secured(port)) {
            assertEquals("504 5.5.4 unrecognized authentication type\r\n", c.command("AUTH CRAM-MD5"));
            assertEquals("501 5.5.4 syntax: AUTH mechanism [initial-response]\r\n", c.command("AUTH"));
            assertEquals("334 \r\n", c.command("AUTH PLAIN"));
            assertEquals("501 5.0.0 authentication cancelled\r\n", c.command("*"));
            assertEquals("501 5.5.2 cannot decode the response\r\n", c.command("AUTH PLAIN not~base64"));
            assertEquals("501 5.5.2 malformed PLAIN response\r\n", c.command("AUTH PLAIN " + b64("joe")));
            assertEquals("535 5.7.8 authorization identity must be the user's own\r\n",
                    c.command("AUTH PLAIN " + plain("root", "joe", PASSWORD)));
            assertEquals("500 5.5.6 authentication exchange line is too long\r\n",
                    c.command("AUTH PLAIN " + "A".repeat(SaslExchange.MAX_LINE)));
            assertEquals("334 VXNlcm5hbWU6\r\n", c.command("AUTH LOGIN"));
            assertEquals("334 UGFzc3dvcmQ6\r\n", c.command(b64("joe")));
            assertEquals("500 5.5.6 authentication exchange line is too long\r\n",
                    c.command("B".repeat(SaslExchange.MAX_LINE + 4)));
            assertEquals("334 UGFzc3dvcmQ6\r\n", c.command("AUTH LOGIN " + b64("joe")));
            assertEquals("235 2.7.0 authentication successful\r\n", c.command(b64(PASSWORD)));
            assertEquals("503 5.5.1 already authenticated\r\n", c.command("AUTH PLAIN " + plain("joe", "joe", PASSWORD)));
        }
        try (Client c = secured(port)) {
            assertEquals("235 2.7.0 authentication successful\r\n", c.command("AUTH PLAIN " + plain("joe", "joe", PASSWORD)));
        }
        assertEquals(2, mailLog.stream().filter(l -> l.text().equals(
                "submission: login ok joe from 127.0.0.1 mechanism " + (l.text().endsWith("LOGIN") ? "LOGIN" : "PLAIN")))
                .count(), mailLog.toString());
        assertFalse(mailLog.toString().contains(PASSWORD));
    }

    @Test
    void anAuthenticatedClientMayRelayAndItsIdentityReachesThePolicyAndTheReceivedLine() throws Exception {
        int port = listener("startTls", true, "auth", true);
        try (Client c = secured(port)) {
            assertEquals("553 not in rcpthosts (#5.7.1)\r\n" , relayAttempt(c));
            assertEquals("503 5.5.1 AUTH not permitted during a mail transaction\r\n",
                    c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
            c.command("RSET");
            assertEquals("235 2.7.0 authentication successful\r\n", c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
            assertEquals("250 ok\r\n", relayAttempt(c));
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            assertTrue(c.command("Subject: hi\r\n\r\nbody\r\n.").startsWith("250 ok"));
        }
        MailTransaction asked = relayQuestions.get(relayQuestions.size() - 1);
        assertEquals("joe", asked.authentication().orElseThrow().user());
        assertEquals("PLAIN", asked.authentication().orElseThrow().mechanism());
        assertTrue(asked.tls().orElseThrow().protocol().startsWith("TLSv1."));
        String message = queue.messages.get(0);
        assertTrue(message.contains("Received: from unknown (HELO client.test) (joe@127.0.0.1)\n  by mx.test with (TLS_"),
                message);
        assertTrue(message.contains(" encrypted) SMTP; "), message);
    }

    private static String relayAttempt(Client c) throws IOException {
        c.command("RSET");
        c.command("MAIL FROM:<joe@example.com>");
        return c.command("RCPT TO:<someone@elsewhere.test>");
    }

    @Test
    void theSubmissionPortTakesNothingBeforeAuthAndHoldsUsersToTheirOwnDomain() throws Exception {
        int port = listener("startTls", true, "submission", true, "senderLogin", "own-addresses");
        try (Client c = secured(port)) {
            assertEquals("530 5.7.0 authentication required\r\n", c.command("MAIL FROM:<joe@example.com>"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<sue@example.com>"));
            assertEquals("235 2.7.0 authentication successful\r\n", c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
            assertEquals("553 5.7.1 sender address not owned by the authenticated user\r\n",
                    c.command("MAIL FROM:<sue@example.com>"));
            assertEquals("553 5.7.1 sender address not owned by the authenticated user\r\n",
                    c.command("MAIL FROM:<joe@elsewhere.test>"));
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<joe-lists@example.com>"));
            assertEquals("503 5.5.1 already authenticated\r\n", c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
        }
    }

    @Test
    void implicitTlsGreetsInsideTheHandshake() throws Exception {
        int port = listener("implicitTls", true, "submission", true);
        try (Client c = new Client(port)) {
            c.tls(client);
            assertEquals("220 mx.test ESMTP\r\n", c.reply());
            assertEquals("250-mx.test\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-AUTH LOGIN PLAIN\r\n250 AUTH=LOGIN PLAIN\r\n",
                    c.command("EHLO client.test"));
            assertEquals("235 2.7.0 authentication successful\r\n", c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
        }
        try (Client c = Client.greetedOrNot(port)) {
            // A client in clear on an implicit-TLS port gets no greeting, only the end of the connection.
            c.send("EHLO client.test\r\n");
            assertTrue(c.isClosedByServer());
        }
    }

    @Test
    void failuresAreAnsweredLaterAndThenRefusedWithoutAskingTheChecker() throws Exception {
        int port = listener("startTls", true, "auth", true);
        List<String> asked = new CopyOnWriteArrayList<>();
        PasswordChecker real = checker;
        checker = (login, password, timestamp) -> {
            asked.add(login);
            return real.check(login, password, timestamp);
        };
        try (Client c = secured(port)) {
            long[] millis = new long[3];
            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                assertEquals("535 5.7.8 authentication credentials invalid\r\n",
                        c.command("AUTH PLAIN " + plain("", "joe", "guess" + i)));
                millis[i] = (System.nanoTime() - start) / 1_000_000;
            }
            assertTrue(millis[0] >= 50 && millis[1] >= 100 && millis[2] >= 200, java.util.Arrays.toString(millis));
            assertEquals("454 4.7.0 too many failed logins; try again later\r\n",
                    c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
        }
        assertEquals(List.of("joe", "joe", "joe"), asked, "the locked-out attempt was not checked");
        assertTrue(mailLog.stream().anyMatch(l -> l.text().equals(
                "submission: login failed joe from 127.0.0.1 mechanism PLAIN: too many failures: refused for now")));
    }

    @Test
    void aCheckerThatIsMissingFailsOrHangsIsATemporaryFailureNeverARelay() throws Exception {
        int port = listener("startTls", true, "auth", true);
        for (PasswordChecker broken : List.<PasswordChecker>of(
                (login, password, timestamp) -> AuthResult.TEMPORARY_FAILURE,
                (login, password, timestamp) -> {
                    throw new IllegalStateException("database down");
                },
                (login, password, timestamp) -> {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return AuthResult.REJECTED;
                })) {
            checker = broken;
            try (Client c = secured(port)) {
                assertEquals("454 4.7.0 temporary authentication failure; try again later\r\n",
                        c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
                assertEquals("553 not in rcpthosts (#5.7.1)\r\n", relayAttempt(c));
            }
        }
        listeners.get(0).passwordCheckers = List.of();
        try (Client c = secured(port)) {
            assertEquals("454 4.7.0 temporary authentication failure; try again later\r\n",
                    c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
        }
    }

    @Test
    void aBareLfDotCannotSmuggleCommandsPastTheEndOfAnAuthenticatedMessage() throws Exception {
        int port = listener("startTls", true, "auth", true);
        try (Client c = secured(port)) {
            c.command("AUTH PLAIN " + plain("", "joe", PASSWORD));
            c.send("MAIL FROM:<joe@example.com>\r\nRCPT TO:<sue@example.com>\r\nDATA\r\n");
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("250 ok\r\n", c.reply());
            assertEquals("354 go ahead\r\n", c.reply());
            c.send("Subject: x\r\n\r\nbody\n.\nMAIL FROM:<evil@example.com>\r\nRCPT TO:<victim@elsewhere.test>\r\nDATA\r\n"
                    + "smuggled\r\n.\r\n");
            assertEquals("451 See https://cr.yp.to/docs/smtplf.html.\r\n", c.reply());
            assertTrue(c.isClosedByServer());
        }
        assertTrue(queue.envelopes.isEmpty(), "nothing was queued: " + queue.envelopes);
    }

    @Test
    void aSessionInTlsSurvivesACertificateRenewedOnDisk() throws Exception {
        int port = listener("startTls", true, "auth", true);
        try (Client open = secured(port)) {
            String before = tls.inUse().orElseThrow().fingerprint();
            Files.delete(home.resolve("etc/tls/tessera.crt"));
            ServerTls renewed = ServerTls.over(ControlFilesForTests.over(home), new ServerTls.Settings("", "",
                    List.of("TLSv1.3"), Duration.ZERO));
            assertFalse(before.equals(renewed.inUse().orElseThrow().fingerprint()));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (before.equals(tls.inUse().orElseThrow().fingerprint()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            try (Client next = Client.greeted(port)) {
                next.command("EHLO client.test");
                next.command("STARTTLS");
                // The listener's ServerTls saw the new files on its own thread: the old trust fails.
                assertThrows(SSLException.class, () -> next.tls(client));
            }
            assertEquals(renewed.inUse().orElseThrow().fingerprint(), tls.inUse().orElseThrow().fingerprint());
            assertEquals("235 2.7.0 authentication successful\r\n",
                    open.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
        }
        try (Client c = Client.greeted(port)) {
            c.command("EHLO client.test");
            c.command("STARTTLS");
            c.tls(trusting(home.resolve("etc/tls/tessera.crt")));
            assertTrue(c.command("EHLO client.test").startsWith("250-mx.test"));
        }
    }

    @Test
    void sessionsCommandsRefusalsHandshakesAndLoginsAreCounted() throws Exception {
        int port = listener("startTls", true, "auth", true);
        try (Client c = secured(port)) {
            assertEquals(1.0, metrics.value("tessera_listener_sessions{listener=\"submission\"}"), "a session now");
            assertEquals("535 5.7.8 authentication credentials invalid\r\n", c.command("AUTH PLAIN " + plain("", "joe", "bad")));
            assertEquals("235 2.7.0 authentication successful\r\n", c.command("AUTH PLAIN " + plain("", "joe", PASSWORD)));
            c.command("MAIL FROM:<joe@example.com>");
            c.command("RCPT TO:<sue@elsewhere.test>");
            assertEquals("354 go ahead\r\n", c.command("DATA"));
            assertTrue(c.command("Subject: counted\r\n\r\nhi\r\n.").startsWith("250 ok"));
            c.command("XYZZY");
        }
        try (Client c = Client.greeted(port)) {
            c.command("MAIL FROM:<a@client.test>");
            assertEquals("553 not in rcpthosts (#5.7.1)\r\n", c.command("RCPT TO:<u@elsewhere.test>"));
        }
        Thread.sleep(200);
        assertEquals(2.0, metrics.value("tessera_smtp_sessions_total{listener=\"submission\"}"));
        assertEquals(2.0, metrics.value("tessera_listener_connections_total{listener=\"submission\",outcome=\"allowed\"}"));
        assertEquals(0.0, metrics.value("tessera_listener_sessions{listener=\"submission\"}"));
        assertEquals(0.0, metrics.value("tessera_listener_waiting{listener=\"submission\"}"));
        assertEquals(1.0, metrics.value("tessera_tls_handshakes_total{listener=\"submission\",outcome=\"ok\"}"));
        assertEquals(2.0, metrics.value("tessera_smtp_commands_total{listener=\"submission\",verb=\"ehlo\"}"));
        assertEquals(2.0, metrics.value("tessera_smtp_commands_total{listener=\"submission\",verb=\"auth\"}"));
        assertEquals(1.0, metrics.value("tessera_smtp_commands_total{listener=\"submission\",verb=\"unknown\"}"));
        assertEquals(1.0, metrics.value("tessera_smtp_refusals_total{code=\"535\",listener=\"submission\",reason=\"auth_failed\"}"));
        assertEquals(1.0, metrics.value("tessera_smtp_refusals_total{code=\"553\",listener=\"submission\",reason=\"relay\"}"));
        assertEquals(1.0, metrics.value("tessera_smtp_refusals_total{code=\"502\",listener=\"submission\",reason=\"unimplemented\"}"));
        assertEquals(1.0, metrics.value("tessera_logins_total{listener=\"submission\",mechanism=\"PLAIN\",result=\"ok\"}"));
        assertEquals(1.0, metrics.value("tessera_listener_messages_total{listener=\"submission\",outcome=\"accepted\"}"));
        // Hook calls by plugin class: the password checks (two AUTHs) and the relay policy (two RCPTs, a lambda here).
        assertEquals(2.0, metrics.value("tessera_plugin_call_seconds_count{listener=\"submission\","
                + "plugin=\"org.tessera.common.auth.CheckerChain\"}"));
        assertEquals(4.0, metrics.samples().entrySet().stream()
                .filter(e -> e.getKey().startsWith("tessera_plugin_call_seconds_count{listener=\"submission\",plugin="))
                .mapToDouble(java.util.Map.Entry::getValue).sum());
        assertEquals(1.0, metrics.value("tessera_logins_total{listener=\"submission\",mechanism=\"PLAIN\",result=\"failed\"}"));
    }
}

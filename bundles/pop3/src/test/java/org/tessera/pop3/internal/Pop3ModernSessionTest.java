package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.common.auth.CheckerChain;
import org.tessera.listener.LineChunkFramer;
import org.tessera.listener.LoginThrottle;
import org.tessera.listener.TcpServer;

/**
 * The modern profile (CAPA, STLS, AUTH, logins in TLS only, several attempts per connection), POP3S, and
 * the login throttle in both profiles: real listeners on 127.0.0.1 with a self-signed certificate, and a
 * JDK TLS client that trusts it.
 */
class Pop3ModernSessionTest {

    private static final Pattern GREETING = Pattern.compile("\\+OK <\\d+\\.\\d+@pop\\.test>\r\n");
    private static final String IN_CLEAR = "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\n"
            + "AUTH-RESP-CODE\r\nPIPELINING\r\nSTLS\r\nIMPLEMENTATION Tessera\r\n.\r\n";
    private static final String IN_TLS = "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\n"
            + "AUTH-RESP-CODE\r\nPIPELINING\r\nSASL PLAIN LOGIN\r\nUSER\r\nIMPLEMENTATION Tessera\r\n.\r\n";
    private static final String LOGGED_IN = "+OK Capability list follows\r\nTOP\r\nUIDL\r\nRESP-CODES\r\n"
            + "AUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION Tessera\r\n.\r\n";
    private static final String TLS_REQUIRED = "-ERR [AUTH] plaintext authentication needs TLS: send STLS first\r\n";
    private static final String AUTH_FAILED = "-ERR [AUTH] authentication failed\r\n";
    private static final String LOCKED = "-ERR [SYS/TEMP] too many failed logins; try again later\r\n";
    private static final String TEMPORARY = "-ERR [SYS/TEMP] temporary authentication failure; try again later\r\n";

    // The password as a client sends it in UTF-8, for the raw client that sends each char as one byte:
    // USER/PASS hand the checker the bytes as they came.
    private static final String SECRET_BYTES = new String("sécret".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);

    private static TestTls tls;

    @TempDir
    Path home;
    private final List<PasswordChecker> checkers = new CopyOnWriteArrayList<>();
    private final AtomicInteger checks = new AtomicInteger();
    private final List<MailLogLine> logged = new CopyOnWriteArrayList<>();
    private ExecutorService workers;
    private TcpServer server;
    private int port;

    @BeforeAll
    static void certificate() throws Exception {
        tls = new TestTls();
    }

    @BeforeEach
    void maildir() throws Exception {
        MailboxTest.maildir(home);
        MailboxTest.message(home.resolve("Maildir"), "new/1000.a.host", "Subject: one\n\nfirst\n",
                Instant.now().minusSeconds(100));
        checkers.add((login, password, timestamp) -> {
            checks.incrementAndGet();
            String secret = new String(password, StandardCharsets.UTF_8);
            if (login.equals("root") && secret.equals("root-secret")) {
                return new AuthResult(AuthResult.Outcome.ACCEPTED, "root", 0, 0, home.toString());
            }
            return login.equals("joe") && secret.equals("sécret")
                    ? new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 1000, 1000, home.toString())
                    : AuthResult.REJECTED;
        });
        workers = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A listener: modern or classic, in clear (STLS with a certificate or without) or implicit TLS. */
    private void listen(boolean modern, boolean implicitTls, boolean certificate, LoginThrottle throttle) throws Exception {
        Pop3Settings settings = new Pop3Settings("pop.test", 1200, 1024, new CheckerChain(() -> checkers), workers, null,
                logged::add, implicitTls ? "pop3s" : "pop3", modern, implicitTls,
                () -> certificate ? Optional.of(tls.server) : Optional.empty(), throttle);
        // handlerThreads 0, as the listener's default: the sessions run on the I/O thread, STLS's handshake too.
        TcpServer.Builder builder = TcpServer.builder("POP3", settings.listener(), connection -> new Pop3Session(settings, connection))
                .port(0).handlerThreads(0).ioThreads(1).framer(new LineChunkFramer(4096));
        if (implicitTls) {
            builder.implicitTls(() -> Optional.of(tls.server));
        }
        server = builder.build();
        server.start();
        port = server.boundAddresses().get(0).getPort();
    }

    private void listen(boolean modern, boolean implicitTls) throws Exception {
        listen(modern, implicitTls, true, new LoginThrottle());
    }

    private Pop3Client greeted() throws IOException {
        Pop3Client c = new Pop3Client(port);
        assertTrue(GREETING.matcher(c.line()).matches());
        return c;
    }

    private Pop3Client secured() throws IOException {
        Pop3Client c = greeted();
        assertEquals("+OK Begin TLS negotiation\r\n", c.send("STLS"));
        c.startTls(tls.client);
        return c;
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> loginLines() {
        return logged.stream().filter(l -> l.kind() == MailLogLine.Kind.LOGIN).map(MailLogLine::text).toList();
    }

    @Test
    void inClearCapaOffersStlsAndEveryLoginWaitsForTls() throws Exception {
        listen(true, false);
        try (Pop3Client c = greeted()) {
            assertEquals(IN_CLEAR, c.send("CAPA") + c.multiline());
            assertEquals(TLS_REQUIRED, c.send("USER joe"));
            assertEquals(TLS_REQUIRED, c.send("PASS " + SECRET_BYTES));
            assertEquals(TLS_REQUIRED, c.send("APOP joe digest"));
            assertEquals(TLS_REQUIRED, c.send("AUTH PLAIN " + b64("\0joe\0sécret")));
            assertEquals(TLS_REQUIRED, c.send("AUTH"));
            assertEquals("-ERR authorization first\r\n", c.send("STAT"));
            assertEquals("-ERR syntax error\r\n", c.send("STLS now"));
            assertEquals("+OK \r\n", c.send("NOOP"));
        }
        assertEquals(0, checks.get(), "nothing sent in clear reached a checker");
        assertEquals(List.of(), loginLines());
    }

    @Test
    void afterStlsTheLoginCapabilitiesAndAfterLoginNeither() throws Exception {
        listen(true, false);
        try (Pop3Client c = secured()) {
            assertEquals(IN_TLS, c.send("CAPA") + c.multiline());
            assertEquals("-ERR TLS already active\r\n", c.send("STLS"));
            assertEquals("+OK \r\n", c.send("USER joe"));
            assertEquals("+OK \r\n", c.send("PASS " + SECRET_BYTES));
            assertEquals(LOGGED_IN, c.send("CAPA") + c.multiline());
            assertEquals("+OK 1 20\r\n", c.send("STAT"));
            assertEquals("-ERR STLS only before login\r\n", c.send("STLS"));
            assertEquals("-ERR unimplemented\r\n", c.send("AUTH PLAIN"));
            assertEquals("+OK \r\nSubject: one\r\n\r\nfirst\r\n\r\n.\r\n", c.send("RETR 1") + c.multiline());
            assertEquals("+OK \r\n", c.send("QUIT"));
            assertTrue(c.closedByServer());
        }
        assertEquals(List.of("pop3: login ok joe from 127.0.0.1 mechanism USER"), loginLines());
    }

    @Test
    void withoutACertificateNoStls() throws Exception {
        listen(true, false, false, new LoginThrottle());
        try (Pop3Client c = greeted()) {
            assertEquals(IN_CLEAR.replace("STLS\r\n", ""), c.send("CAPA") + c.multiline());
            assertEquals("-ERR [SYS/TEMP] TLS not available; try again later\r\n", c.send("STLS"));
            assertEquals(TLS_REQUIRED, c.send("USER joe"));
        }
    }

    @Test
    void whatWasPipelinedAfterStlsIsDroppedNeverReadInsideTls() throws Exception {
        listen(true, false);
        try (Pop3Client c = greeted()) {
            c.out.write("STLS\r\nUSER joe\r\nCAPA\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("+OK Begin TLS negotiation\r\n", c.line());
            c.startTls(tls.client);
            // Had USER been kept (or read inside TLS) PASS would be a login, and a +OK would come first.
            assertEquals("-ERR USER first\r\n", c.send("PASS " + SECRET_BYTES));
            assertEquals("+OK \r\n", c.send("NOOP"));
        }
        assertEquals(0, checks.get());
    }

    @Test
    void stlsForgetsTheUserGivenBefore() throws Exception {
        // A user given in clear cannot come from the modern profile (USER needs TLS); the classic qmail
        // state machine keeps none across the handshake either: PASS right after TLS asks for USER.
        listen(true, false);
        try (Pop3Client c = secured()) {
            assertEquals("-ERR USER first\r\n", c.send("PASS x"));
        }
    }

    @Test
    void authPlainAndLoginWithInitialResponsesOrContinuations() throws Exception {
        listen(true, false);
        try (Pop3Client c = secured()) {
            assertEquals("+OK mechanisms follow\r\nPLAIN\r\nLOGIN\r\n.\r\n", c.send("AUTH") + c.multiline());
            assertEquals("+OK \r\n", c.send("AUTH PLAIN " + b64("\0joe\0sécret")));
            assertEquals("+OK 1 20\r\n", c.send("STAT"));
        }
        try (Pop3Client c = secured()) {
            assertEquals("+ \r\n", c.send("AUTH plain"));
            assertEquals("+OK \r\n", c.send(b64("joe\0joe\0sécret")));
        }
        try (Pop3Client c = secured()) {
            assertEquals("+ " + b64("Username:") + "\r\n", c.send("AUTH LOGIN"));
            assertEquals("+ " + b64("Password:") + "\r\n", c.send(b64("joe")));
            assertEquals("+OK \r\n", c.send(b64("sécret")));
        }
        try (Pop3Client c = secured()) {
            assertEquals("+ " + b64("Password:") + "\r\n", c.send("AUTH LOGIN " + b64("joe")));
            assertEquals("+OK \r\n", c.send(b64("sécret")));
        }
        assertEquals(4, loginLines().size());
        assertTrue(loginLines().containsAll(List.of("pop3: login ok joe from 127.0.0.1 mechanism PLAIN",
                "pop3: login ok joe from 127.0.0.1 mechanism LOGIN")), loginLines().toString());
    }

    @Test
    void authRefusalsEndOnlyTheExchange() throws Exception {
        listen(true, false);
        try (Pop3Client c = secured()) {
            assertEquals("-ERR unrecognized authentication type\r\n", c.send("AUTH CRAM-MD5"));
            assertEquals("-ERR syntax error\r\n", c.send("AUTH PLAIN a b"));
            assertEquals("-ERR cannot decode the response\r\n", c.send("AUTH PLAIN not!base64"));
            assertEquals("+ \r\n", c.send("AUTH PLAIN"));
            assertEquals("-ERR authentication cancelled\r\n", c.send("*"));
            assertEquals("+ " + b64("Username:") + "\r\n", c.send("AUTH LOGIN"));
            assertEquals("-ERR authentication cancelled\r\n", c.send("*"));
            assertEquals("-ERR [AUTH] authorization identity must be the user's own\r\n",
                    c.send("AUTH PLAIN " + b64("root\0joe\0sécret")));
            assertEquals("-ERR malformed PLAIN response\r\n", c.send("AUTH PLAIN " + b64("joe sécret")));
            // An exchange line may be longer than a command line (maxCommandBytes 1024).
            assertEquals("+ \r\n", c.send("AUTH PLAIN"));
            assertEquals("-ERR malformed PLAIN response\r\n", c.send(b64("x".repeat(3000))));
            assertEquals(0, checks.get(), "no refusal asked a checker");
            assertEquals("+OK \r\n", c.send("AUTH PLAIN " + b64("\0joe\0sécret")));
        }
        try (Pop3Client c = secured()) {
            assertEquals("+ \r\n", c.send("AUTH PLAIN"));
            c.out.write((b64("x".repeat(10_000)) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("-ERR line too long\r\n", c.line());
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void failuresAreDelayedThenTheUserIsLockedOutWithoutAskingTheChecker() throws Exception {
        listen(true, true, true, TestTls.throttle(150, 3));
        try (Pop3Client c = new Pop3Client(port, tls.client)) {
            assertTrue(GREETING.matcher(c.line()).matches());
            for (long delay : new long[] {150, 300, 600}) {
                assertEquals("+OK \r\n", c.send("USER joe"));
                long started = System.nanoTime();
                assertEquals(AUTH_FAILED, c.send("PASS wrong"));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(waited >= delay, "answered after " + waited + " ms, not " + delay);
            }
            int asked = checks.get();
            assertEquals(3, asked);
            assertEquals("+OK \r\n", c.send("USER joe"));
            assertEquals(LOCKED, c.send("PASS " + SECRET_BYTES));
            assertEquals(LOCKED, c.send("AUTH PLAIN " + b64("\0JOE\0sécret")), "the user name in any case");
            assertEquals(asked, checks.get(), "a locked-out login asks no checker");
            assertEquals("+OK \r\n", c.send("NOOP"));
            // Another user is checked (no limit per address here): root's password is right, its uid 0 is not.
            assertEquals("-ERR [SYS/PERM] this account may not log in here\r\n",
                    c.send("AUTH PLAIN " + b64("\0root\0root-secret")));
            assertEquals(asked + 1, checks.get());
            assertEquals("+OK \r\n", c.send("USER joe"), "the session is still in AUTHORIZATION");
        }
        List<String> lines = loginLines();
        assertEquals(6, lines.size(), lines.toString());
        assertEquals("pop3s: login failed joe from 127.0.0.1 mechanism USER: rejected", lines.get(0));
        assertEquals("pop3s: login failed joe from 127.0.0.1 mechanism USER: too many failures: refused for now", lines.get(3));
        assertEquals("pop3s: login failed JOE from 127.0.0.1 mechanism PLAIN: too many failures: refused for now", lines.get(4));
        assertEquals("pop3s: login failed root from 127.0.0.1 mechanism PLAIN: uid 0 refused", lines.get(5));
        assertFalse(lines.toString().contains("sécret") || lines.toString().contains("wrong"), "never a password");
    }

    @Test
    void aTemporaryFailureIsSysTempAndTheSessionGoesOn() throws Exception {
        listen(true, true);
        List<PasswordChecker> kept = List.copyOf(checkers);
        checkers.clear();
        try (Pop3Client c = new Pop3Client(port, tls.client)) {
            assertTrue(GREETING.matcher(c.line()).matches());
            assertEquals(IN_TLS, c.send("CAPA") + c.multiline(), "POP3S: the login capabilities from the start");
            assertEquals("+OK \r\n", c.send("USER joe"));
            assertEquals(TEMPORARY, c.send("PASS " + SECRET_BYTES), "no checker at all");
            checkers.add((login, password, timestamp) -> {
                throw new IllegalStateException("plugin bug");
            });
            assertEquals(TEMPORARY, c.send("AUTH PLAIN " + b64("\0joe\0sécret")), "a checker that throws");
            checkers.clear();
            checkers.add((login, password, timestamp) -> AuthResult.TEMPORARY_FAILURE);
            assertEquals(TEMPORARY, c.send("AUTH PLAIN " + b64("\0joe\0sécret")), "a checker's temporary failure");
            checkers.clear();
            checkers.addAll(kept);
            assertEquals("+OK \r\n", c.send("AUTH PLAIN " + b64("\0joe\0sécret")));
            assertEquals("+OK 1 20\r\n", c.send("STAT"));
        }
        List<String> lines = loginLines();
        assertEquals("pop3s: login failed joe from 127.0.0.1 mechanism USER: no password checker is running", lines.get(0));
        assertTrue(lines.get(1).startsWith("pop3s: login failed joe from 127.0.0.1 mechanism PLAIN: password checker "),
                lines.get(1));
        assertEquals("pop3s: login failed joe from 127.0.0.1 mechanism PLAIN: temporary failure", lines.get(2));
        assertEquals("pop3s: login ok joe from 127.0.0.1 mechanism PLAIN", lines.get(3));
    }

    @Test
    void classicLoginsGoThroughTheThrottleAndEachEndsItsConnection() throws Exception {
        listen(false, false, true, TestTls.throttle(150, 2));
        for (long delay : new long[] {150, 300}) {
            try (Pop3Client c = greeted()) {
                assertEquals("-ERR authorization first\r\n", c.send("CAPA"), "qmail-popup knows no CAPA");
                assertEquals("-ERR authorization first\r\n", c.send("STLS"));
                assertEquals("-ERR authorization first\r\n", c.send("AUTH PLAIN"));
                assertEquals("+OK \r\n", c.send("USER joe"));
                long started = System.nanoTime();
                assertEquals("-ERR authorization failed\r\n", c.send("PASS wrong"));
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertTrue(waited >= delay, "answered after " + waited + " ms, not " + delay);
                assertTrue(c.closedByServer());
            }
        }
        try (Pop3Client c = greeted()) {
            assertEquals("+OK \r\n", c.send("USER joe"));
            assertEquals("-ERR authorization failed\r\n", c.send("PASS " + SECRET_BYTES), "locked out: as qmail-popup words it");
            assertTrue(c.closedByServer());
        }
        assertEquals(2, checks.get(), "the locked-out login asked no checker");
        assertEquals(List.of("pop3: login failed joe from 127.0.0.1 mechanism USER: rejected",
                "pop3: login failed joe from 127.0.0.1 mechanism USER: rejected",
                "pop3: login failed joe from 127.0.0.1 mechanism USER: too many failures: refused for now"), loginLines());
    }

    @Test
    void theClassicProfileBehindImplicitTlsIsQmailPopupUnderSslserver() throws Exception {
        listen(false, true);
        try (Pop3Client c = new Pop3Client(port, tls.client)) {
            assertTrue(GREETING.matcher(c.line()).matches());
            assertEquals("-ERR authorization first\r\n", c.send("CAPA"));
            assertEquals("+OK \r\n", c.send("USER joe"));
            assertEquals("+OK \r\n", c.send("PASS " + SECRET_BYTES));
            assertEquals("+OK 1 20\r\n", c.send("STAT"));
            assertEquals("-ERR unimplemented\r\n", c.send("CAPA"));
        }
        assertEquals(List.of("pop3s: login ok joe from 127.0.0.1 mechanism USER"), loginLines());
    }
}

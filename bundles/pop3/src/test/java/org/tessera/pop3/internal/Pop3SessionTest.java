package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.common.auth.CheckerChain;
import org.tessera.listener.LineChunkFramer;
import org.tessera.listener.TcpServer;

/**
 * The POP3 dialogue below the distribution: a real listener on 127.0.0.1 with a checker chain of
 * this test's, over a Maildir in a temporary directory, spoken to byte for byte.
 */
class Pop3SessionTest {

    private static final Pattern GREETING = Pattern.compile("\\+OK <\\d+\\.\\d+@pop\\.test>\r\n");

    @TempDir
    Path home;
    private final List<PasswordChecker> checkers = new CopyOnWriteArrayList<>();
    private final List<String> timestamps = new CopyOnWriteArrayList<>();
    private ExecutorService workers;
    private TcpServer server;
    private int port;

    private final List<MailLogLine> logged = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        MailboxTest.maildir(home);
        Instant old = Instant.now().minusSeconds(100);
        MailboxTest.message(home.resolve("Maildir"), "new/1000.a.host", "Subject: one\n\nfirst\n.dot\n", old);
        MailboxTest.message(home.resolve("Maildir"), "cur/2000.b.host:2,S", "Subject: two\n\nsecond\n", old.plusSeconds(1));
        MailboxTest.message(home.resolve("Maildir"), "new/3000.c.host", "Subject: three\n\nl1\nl2\nl3\n", old.plusSeconds(2));
        checkers.add((login, password, timestamp) -> {
            timestamps.add(timestamp);
            return login.equals("joe") && new String(password, StandardCharsets.ISO_8859_1).equals("secret")
                    ? new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 1000, 1000, home.toString())
                    : AuthResult.REJECTED;
        });
        workers = Executors.newFixedThreadPool(2);
        Pop3Settings settings = new Pop3Settings("pop.test", 1200, 1024, new CheckerChain(() -> checkers), workers, null,
                logged::add);
        server = TcpServer.builder("POP3", "pop3", connection -> new Pop3Session(settings, connection))
                .port(0).handlerThreads(1).ioThreads(1).framer(new LineChunkFramer(4096)).build();
        server.start();
        port = server.boundAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() throws InterruptedException {
        server.stop();
        workers.shutdownNow();
        workers.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** A raw client: sends bytes, reads replies line by line. */
    private final class Client implements AutoCloseable {
        final Socket socket = new Socket("127.0.0.1", port);
        final InputStream in = socket.getInputStream();
        final OutputStream out = socket.getOutputStream();

        Client() throws IOException {
            socket.setSoTimeout(10_000);
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0;) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toString(StandardCharsets.ISO_8859_1);
        }

        String send(String command) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return line();
        }

        /** The lines up to and including the one that is just ".". */
        String multiline() throws IOException {
            StringBuilder all = new StringBuilder();
            String line;
            do {
                line = line();
                all.append(line);
            } while (!line.equals(".\r\n") && !line.isEmpty());
            return all.toString();
        }

        boolean closedByServer() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Client loggedIn() throws IOException {
        Client c = new Client();
        assertTrue(GREETING.matcher(c.line()).matches());
        assertEquals("+OK \r\n", c.send("USER joe"));
        assertEquals("+OK \r\n", c.send("PASS secret"));
        return c;
    }

    @Test
    void authorizationStateAnswersAsQmailPopup() throws IOException {
        try (Client c = new Client()) {
            String greeting = c.line();
            assertTrue(GREETING.matcher(greeting).matches(), greeting);
            assertEquals("+OK \r\n", c.send("NOOP"));
            assertEquals("-ERR authorization first\r\n", c.send("STAT"));
            assertEquals("-ERR USER first\r\n", c.send("PASS x"));
            assertEquals("-ERR syntax error\r\n", c.send("USER"));
            assertEquals("-ERR syntax error\r\n", c.send("APOP joe"));
            assertEquals("+OK \r\n", c.send("user someone"));
            assertEquals("+OK \r\n", c.send("USER joe"));
            assertEquals("-ERR syntax error\r\n", c.send("PASS"));
            assertEquals("+OK \r\n", c.send("QUIT"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void oneLoginAttemptPerConnection() throws IOException {
        try (Client c = new Client()) {
            String greeting = c.line();
            c.send("USER joe");
            assertEquals("-ERR authorization failed\r\n", c.send("PASS wrong"));
            assertTrue(c.closedByServer());
            assertEquals(greeting.substring(4, greeting.length() - 2), timestamps.get(0), "the APOP timestamp goes to the checker");
        }
        MailLogLine login = logged.get(0);
        assertEquals(MailLogLine.Kind.LOGIN, login.kind());
        assertTrue(login.text().startsWith("pop3: login "), login.text());
        assertTrue(login.text().contains("joe from 127.0.0.1"), login.text());
    }

    @Test
    void apopPassesTheDigestAsThePassword() throws IOException {
        try (Client c = new Client()) {
            c.line();
            assertEquals("+OK \r\n", c.send("APOP joe secret"));
            assertEquals("+OK 3 71\r\n", c.send("STAT"));
        }
    }

    @Test
    void transactionCommandsAnswerAsQmailPop3d() throws IOException {
        try (Client c = loggedIn()) {
            assertEquals("+OK 3 71\r\n", c.send("STAT"));
            assertEquals("+OK \r\n", c.send("LIST").substring(0, 6));
            assertEquals("1 25\r\n2 21\r\n3 25\r\n.\r\n", c.multiline());
            assertEquals("+OK \r\n1 1000.a.host\r\n2 2000.b.host\r\n3 3000.c.host\r\n.\r\n", c.send("UIDL") + c.multiline());
            assertEquals("+OK 2 21\r\n", c.send("LIST 2"));
            assertEquals("+OK 3 3000.c.host\r\n", c.send("UIDL 3"));
            assertEquals("+OK \r\n", c.send("RETR 1"));
            assertEquals("Subject: one\r\n\r\nfirst\r\n..dot\r\n\r\n.\r\n", c.multiline());
            assertEquals("+OK \r\n", c.send("TOP 3 1"));
            assertEquals("Subject: three\r\n\r\nl1\r\n\r\n.\r\n", c.multiline());
            assertEquals("+OK 0\r\n", c.send("LAST"));
            assertEquals("+OK \r\n", c.send("DELE 2"));
            assertEquals("-ERR already deleted\r\n", c.send("DELE 2"));
            assertEquals("-ERR already deleted\r\n", c.send("RETR 2"));
            assertEquals("-ERR already deleted\r\n", c.send("LIST 2"));
            assertEquals("+OK 3 50\r\n", c.send("STAT"), "STAT counts deleted messages, their bytes not");
            assertEquals("+OK 2\r\n", c.send("LAST"));
            assertEquals("+OK \r\n1 25\r\n3 25\r\n.\r\n", c.send("LIST") + c.multiline());
            assertEquals("+OK \r\n", c.send("RSET"));
            assertEquals("+OK 0\r\n", c.send("LAST"));
            assertEquals("+OK 3 71\r\n", c.send("STAT"));
            assertEquals("-ERR syntax error\r\n", c.send("RETR"));
            assertEquals("-ERR messages are counted from 1\r\n", c.send("TOP 0 1"));
            assertEquals("-ERR not that many messages\r\n", c.send("LIST 4"));
            assertEquals("-ERR unimplemented\r\n", c.send("USER joe"));
            assertEquals("-ERR unimplemented\r\n", c.send("CAPA"));
            assertEquals("+OK \r\n", c.send("NOOP"));
        }
    }

    @Test
    void quitUnlinksTheDeletedAndMovesNewToCur() throws IOException {
        Path maildir = home.resolve("Maildir");
        try (Client c = loggedIn()) {
            c.send("DELE 1");
            assertEquals("+OK \r\n", c.send("QUIT"));
            assertTrue(c.closedByServer());
        }
        assertFalse(Files.exists(maildir.resolve("new/1000.a.host")));
        assertTrue(Files.exists(maildir.resolve("cur/3000.c.host:2,")));
        assertTrue(Files.exists(maildir.resolve("cur/2000.b.host:2,S")));
    }

    @Test
    void aDisconnectWithoutQuitChangesNothing() throws Exception {
        Path maildir = home.resolve("Maildir");
        try (Client c = loggedIn()) {
            c.send("DELE 1");
            c.send("DELE 3");
        }
        // The next session sees the same three messages: nothing was deleted or moved.
        try (Client c = loggedIn()) {
            assertEquals("+OK 3 71\r\n", c.send("STAT"));
        }
        assertTrue(Files.exists(maildir.resolve("new/1000.a.host")));
        assertTrue(Files.exists(maildir.resolve("new/3000.c.host")));
    }

    @Test
    void aMessageGoneBetweenListAndRetrAndItsUnlink() throws IOException {
        try (Client c = loggedIn()) {
            Files.delete(home.resolve("Maildir/new/1000.a.host"));
            assertEquals("-ERR unable to open that message\r\n", c.send("RETR 1"));
            assertEquals("+OK \r\n", c.send("DELE 1"));
            assertEquals("-ERR unable to unlink all deleted messages\r\n", c.send("QUIT"));
            assertEquals("+OK \r\n", c.line());
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws IOException {
        try (Client c = loggedIn()) {
            c.out.write("RETR 2\r\nSTAT\r\nTOP 1 0\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            assertEquals("+OK \r\nSubject: two\r\n\r\nsecond\r\n\r\n.\r\n", c.line() + c.multiline());
            assertEquals("+OK 3 71\r\n", c.line());
            assertEquals("+OK \r\nSubject: one\r\n\r\n\r\n.\r\n", c.line() + c.multiline());
            assertEquals("+OK \r\n", c.line());
        }
    }

    @Test
    void aMessageTooBigToHoldIsStreamedAndTheNextCommandWaitsForIt() throws IOException {
        StringBuilder body = new StringBuilder("Subject: big\n\n");
        while (body.length() < 600_000) {
            body.append(body.length() % 3 == 0 ? ".dotted line\n" : "plain line of the big message\n");
        }
        MailboxTest.message(home.resolve("Maildir"), "new/4000.big.host", body.toString(), Instant.now().minusSeconds(10));
        String expected = "+OK \r\n" + body.toString().replace("\n.", "\n..").replace("\n", "\r\n") + "\r\n.\r\n";
        try (Client c = loggedIn()) {
            c.out.write("RETR 4\r\nNOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            c.out.flush();
            StringBuilder got = new StringBuilder(c.line());
            got.append(c.multiline());
            assertEquals(expected, got.toString());
            assertEquals("+OK \r\n", c.line());
        }
    }

    @Test
    void noCheckerAtAllFailsTheLogin() throws IOException {
        checkers.clear();
        try (Client c = new Client()) {
            c.line();
            c.send("USER joe");
            assertEquals("-ERR authorization failed\r\n", c.send("PASS secret"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void checkersAreAskedHighestRankingFirstAndARejectionPassesOn() throws IOException {
        // The chain's list is lowest ranking first: this one is asked before the accepting one.
        List<String> asked = new CopyOnWriteArrayList<>();
        checkers.add((login, password, timestamp) -> {
            asked.add(login);
            return AuthResult.REJECTED;
        });
        try (Client c = loggedIn()) {
            assertEquals(List.of("joe"), asked);
        }
        checkers.add((login, password, timestamp) -> AuthResult.TEMPORARY_FAILURE);
        try (Client c = new Client()) {
            c.line();
            c.send("USER joe");
            assertEquals("-ERR authorization failed\r\n", c.send("PASS secret"), "a temporary failure ends the search");
        }
    }

    @Test
    void aCheckerThatThrowsIsAChildThatCrashed() throws IOException {
        checkers.clear();
        checkers.add((login, password, timestamp) -> {
            throw new IllegalStateException("plugin bug");
        });
        try (Client c = new Client()) {
            c.line();
            c.send("USER joe");
            assertEquals("-ERR aack, child crashed\r\n", c.send("PASS secret"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void uidZeroIsRefused() throws IOException {
        checkers.clear();
        checkers.add((login, password, timestamp) -> new AuthResult(AuthResult.Outcome.ACCEPTED, "root", 0, 0, home.toString()));
        try (Client c = new Client()) {
            c.line();
            c.send("USER root");
            assertEquals("-ERR authorization failed\r\n", c.send("PASS x"));
            assertTrue(c.closedByServer());
        }
    }

    @Test
    void noMaildirAndNoHome() throws IOException {
        checkers.clear();
        checkers.add((login, password, timestamp) -> new AuthResult(AuthResult.Outcome.ACCEPTED, login, 1000, 1000,
                login.equals("nohome") ? "" : home.resolve("elsewhere").toString()));
        for (String user : List.of("nohome", "nomaildir")) {
            try (Client c = new Client()) {
                c.line();
                c.send("USER " + user);
                assertEquals("-ERR this user has no $HOME/Maildir\r\n", c.send("PASS x"));
                assertTrue(c.closedByServer());
            }
        }
    }

    @Test
    void badInputEndsOnlyThatSession() throws Exception {
        try (Client bystander = loggedIn()) {
            try (Client c = new Client()) {
                c.line();
                c.out.write(("USER " + "x".repeat(2000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                c.out.flush();
                assertEquals("-ERR line too long\r\n", c.line());
                assertTrue(c.closedByServer());
            }
            try (Client c = new Client()) {
                c.line();
                byte[] garbage = new byte[600];
                new java.util.Random(7).nextBytes(garbage);
                for (int i = 0; i < garbage.length; i++) {
                    garbage[i] = garbage[i] == '\n' ? 0 : garbage[i];
                }
                c.out.write(garbage);
                c.out.write("\r\nUSER a\0b\r\n".getBytes(StandardCharsets.ISO_8859_1));
                c.out.flush();
                assertEquals("-ERR authorization first\r\n", c.line());
                assertEquals("+OK \r\n", c.line(), "a NUL ends the command as in qmail");
            }
            try (Client c = new Client()) {
                c.line();
                StringBuilder many = new StringBuilder();
                for (int i = 0; i < 5000; i++) {
                    many.append("NOOP\r\n");
                }
                c.out.write(many.toString().getBytes(StandardCharsets.US_ASCII));
                c.out.flush();
                for (int i = 0; i < 5000; i++) {
                    assertEquals("+OK \r\n", c.line());
                }
            }
            assertEquals("+OK 3 71\r\n", bystander.send("STAT"));
        }
    }

    @Test
    void anIdleClientIsDisconnected() throws Exception {
        server.stop();
        Pop3Settings quick = new Pop3Settings("pop.test", 1, 1024, new CheckerChain(() -> checkers), workers, null,
                logged::add);
        server = TcpServer.builder("POP3", "pop3", connection -> new Pop3Session(quick, connection))
                .port(0).handlerThreads(1).ioThreads(1).framer(new LineChunkFramer(4096)).build();
        server.start();
        port = server.boundAddresses().get(0).getPort();
        List<Long> closedAfter = new ArrayList<>();
        try (Client c = new Client()) {
            c.line();
            long started = System.nanoTime();
            assertTrue(c.closedByServer());
            closedAfter.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        assertTrue(closedAfter.get(0) >= 900 && closedAfter.get(0) < 5000, "closed after " + closedAfter);
    }
}

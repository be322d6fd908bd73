package org.tessera.itests.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/**
 * Issue 15's promise for plugins that misbehave, through the whole server: a plugin that throws, answers
 * nothing, hangs past its deadline, leaks threads or is stopped in the middle of a call costs a temporary
 * failure of the mail in its hands and nothing else: no bounce, no open relay, no stuck queue, and the
 * session or the next message goes on. The plugins are this module's bundle, deployed by TesseraServer; what
 * each does is named by its input ({@code relay-hangs@...}, {@code Subject: filter-throws}, {@code +faulty:stopped}).
 */
class PluginFaultsIT {

    private static final String BUNDLE = "tessera-itests-plugin-faults";
    /** The hook and filter deadlines of the SMTP listener, POP3's for checkers, the local channel's for plugins. */
    private static final int DEADLINE_SECONDS = 6;

    @RegisterExtension
    static final TesseraServer server = new TesseraServer()
            .etc("org.tessera.smtp-main.cfg", "name = smtp\nport = ${tessera.smtp.port}\nbind = ${tessera.bind}\n"
                    + "messageFilters = true\nhookTimeoutSeconds = " + DEADLINE_SECONDS + "\nfilterTimeoutSeconds = "
                    + DEADLINE_SECONDS + "\n")
            .etc("org.tessera.pop3-main.cfg", "name = pop3\nport = ${tessera.pop3.port}\nbind = ${tessera.bind}\n"
                    + "hookTimeoutSeconds = " + DEADLINE_SECONDS + "\n")
            .etc("org.tessera.local.cfg", "pluginTimeoutSeconds = " + DEADLINE_SECONDS + "\n");

    @Test
    void aRelayPolicyThatThrowsOrAnswersNothingDefersItsRecipientAndTheSessionGoesOn() {
        try (SmtpClient smtp = server.smtp()) {
            smtp.command("HELO client.test");
            smtp.command("MAIL FROM:<ann@example.org>");
            assertReply("451", smtp.command("RCPT TO:<relay-throws@elsewhere.test>"));
            assertReply("451", smtp.command("RCPT TO:<relay-null@elsewhere.test>"));
            assertReply("250", smtp.command("RCPT TO:<postmaster@example.com>"));
            assertReply("250", smtp.data("Subject: after a failing policy\n\nstill here\n"));
        }
        assertTrue(server.awaitMessages("alias/Maildir", 1).stream().anyMatch(m -> m.contains("after a failing policy")));
    }

    @Test
    void aRelayPolicyThatHangsIsCutOffAtItsDeadline() {
        try (SmtpClient smtp = server.smtp()) {
            smtp.command("HELO client.test");
            smtp.command("MAIL FROM:<ann@example.org>");
            long started = System.nanoTime();
            assertReply("451", smtp.command("RCPT TO:<relay-hangs@elsewhere.test>"));
            assertWithinDeadline(started);
            assertReply("250", smtp.command("RCPT TO:<postmaster@example.com>"));
        }
    }

    @Test
    void aRelayPolicyStoppedInTheMiddleOfItsCallRelaysNothing() throws Exception {
        String reply = duringStop("FaultyRelayPolicy", () -> {
            try (SmtpClient smtp = server.smtp()) {
                smtp.command("HELO client.test");
                smtp.command("MAIL FROM:<ann@example.org>");
                return smtp.command("RCPT TO:<relay-stopped@elsewhere.test>");
            }
        });
        assertReply("451", reply);
    }

    @Test
    void aFilterThatThrowsHangsOrIsStoppedDefersTheMessage() throws Exception {
        assertReply("451", send("filter-throws"));
        long started = System.nanoTime();
        assertReply("451", send("filter-hangs"));
        assertWithinDeadline(started);
        assertReply("451", duringStop("FaultyFilter", () -> send("filter-stopped")));
        assertReply("250", send("filter-none"));
    }

    @Test
    void aDeliveryTargetThatThrowsAnswersNothingHangsOrIsStoppedDefersItsDelivery() throws Exception {
        for (String fault : List.of("throws", "null", "hangs")) {
            server.writeDotQmail("alias/.qmail-target-" + fault, "+faulty:" + fault + "\n");
            assertReply("250", send("postmaster@example.com", "target-" + fault + "@example.com", "a target that " + fault));
            String outcome = server.awaitLocalDelivery("target-" + fault + "@example.com");
            assertTrue(outcome.startsWith("deferral:"), fault + ": " + outcome);
        }
        server.writeDotQmail("alias/.qmail-target-stopped", "+faulty:stopped\n");
        duringStop("FaultyTarget", () -> send("postmaster@example.com", "target-stopped@example.com", "a stopped target"));
        String stopped = server.awaitLocalDelivery("target-stopped@example.com");
        assertTrue(stopped.startsWith("deferral:"), stopped);
        assertFalse(server.mailLog().contains("bounce msg"), "no bounce:\n" + server.mailLog());
    }

    @Test
    void aDirectoryThatThrowsOrHangsDefersAndNeverFallsThroughToTheAliasUser() {
        for (String fault : List.of("throws", "hangs")) {
            String recipient = "dir-" + fault + "@example.com";
            server.writeDotQmail("alias/.qmail-dir-" + fault, "./Maildir/\n");
            String reply = send("postmaster@example.com", recipient, "a directory that " + fault);
            if (reply.startsWith("250")) {
                String outcome = server.awaitLocalDelivery(recipient);
                assertTrue(outcome.startsWith("deferral:"), fault + ": " + outcome);
            } else {
                assertReply("451", reply);
            }
        }
    }

    @Test
    void aPasswordCheckerThatThrowsHangsOrIsStoppedLogsNobodyIn() throws Exception {
        assertTrue(pop3Login("checker-throws").startsWith("-ERR"));
        long started = System.nanoTime();
        assertTrue(pop3Login("checker-hangs").startsWith("-ERR"));
        assertWithinDeadline(started);
        assertTrue(duringStop("FaultyChecker", () -> pop3Login("checker-stopped")).startsWith("-ERR"));
    }

    @Test
    void aTargetThatLeaksThreadsCostsNothingElse() {
        server.writeDotQmail("alias/.qmail-target-leaks", "+faulty:leaks\n./Maildir/\n");
        assertReply("250", send("postmaster@example.com", "target-leaks@example.com", "a leaking target"));
        assertTrue(server.awaitLocalDelivery("target-leaks@example.com").startsWith("success:"));
        assertReply("250", send("filter-none"));
        server.ctl("stat"); // fails unless every part of the server is active
    }

    // What a test sends; the Subject names the filter's fault.
    private static String send(String subject) {
        return send("postmaster@example.com", "postmaster@example.com", subject);
    }

    private static String send(String from, String to, String subject) {
        try (SmtpClient smtp = server.smtp()) {
            return smtp.send(from, List.of(to), "From: " + from + "\nSubject: " + subject + "\n\nbody\n");
        }
    }

    /**
     * Starts {@code call} on another thread, stops this bundle once the plugin says it is blocked in the call,
     * returns what the call gave, and starts the bundle again.
     */
    private static <T> T duringStop(String plugin, Supplier<T> call) throws Exception {
        int waitsBefore = count(server.karafLog(), plugin + " waits to be stopped");
        CompletableFuture<T> running = CompletableFuture.supplyAsync(call);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (count(server.karafLog(), plugin + " waits to be stopped") == waitsBefore) {
            assertTrue(System.nanoTime() < deadline, plugin + " never blocked");
            Thread.sleep(100);
        }
        server.ctl("bundle:stop", BUNDLE);
        try {
            return running.get(60, TimeUnit.SECONDS);
        } finally {
            server.ctl("bundle:start", BUNDLE);
            server.awaitComponent("org.tessera.itests.faults." + plugin);
        }
    }

    private static int count(String text, String what) {
        int count = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
            count++;
        }
        return count;
    }

    private static String pop3Login(String user) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port("TESSERA_POP3_PORT"))) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            out.write(("USER " + user + "\r\nPASS secret\r\n").getBytes(StandardCharsets.UTF_8));
            in.readLine();
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertReply(String code, String reply) {
        assertTrue(reply.startsWith(code), "expected " + code + ": " + reply);
    }

    private static void assertWithinDeadline(long started) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.toSeconds() < DEADLINE_SECONDS + 5, "answered after " + took);
    }
}

package org.tessera.example.policybridge.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.Verdict;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.TestTransaction;

/**
 * The bridge against a real postgrey (Debian's, started by the test as Postfix's documentation runs it) and
 * against a policy server of the test's own for the answers postgrey never gives.
 */
class PolicyBridgeTest {

    private static final MailAddress LOCAL = MailAddress.parse("joe@example.com");
    private static final MailTransaction STRANGER = TestTransaction.from("192.0.2.7").sender("news@sender.test").build();

    @TempDir
    Path work;

    private final MemoryControlFiles control = new MemoryControlFiles().rcptHosts("example.com");
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    private PolicyBridge bridge(int port) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("address", "127.0.0.1:" + port);
        properties.put("timeoutSeconds", 2);
        return new PolicyBridge(control, Converters.standardConverter().convert(properties).to(PolicyBridgeConfiguration.class));
    }

    @Test
    void postgreyGreylistsTheFirstAttemptAndPassesTheRetryAfterItsDelay() throws Exception {
        boolean required = Boolean.getBoolean("tessera.requireTools");
        boolean runnable = Files.isExecutable(Path.of("/usr/sbin/postgrey")) && "root".equals(System.getProperty("user.name"));
        assertTrue(runnable || !required, "postgrey (Debian package postgrey) and root are required here");
        assumeTrue(runnable, "postgrey and root (it drops to its own user)");
        int port = freePort();
        // postgrey drops to its own user, which must reach its database below the test's directory.
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path db = Files.createDirectory(work.resolve("postgrey"));
        Files.setAttribute(db, "unix:uid", (int) Files.getAttribute(Path.of("/var/lib/postgrey"), "unix:uid"));
        Process postgrey = new ProcessBuilder("/usr/sbin/postgrey", "--inet=127.0.0.1:" + port, "--dbdir=" + db,
                "--delay=2", "--auto-whitelist-clients=0").redirectErrorStream(true)
                .redirectOutput(work.resolve("postgrey.log").toFile()).start();
        started.add(() -> {
            postgrey.destroy();
            postgrey.waitFor(10, TimeUnit.SECONDS);
        });
        awaitListening(port, work.resolve("postgrey.log"));
        PolicyBridge bridge = bridge(port);

        Verdict first = bridge.check(STRANGER, LOCAL);
        assertEquals(Verdict.Outcome.DEFER, first.outcome(), first.toString());
        assertEquals(450, first.code());
        assertTrue(first.text().startsWith("Greylisted"), first.text());
        assertEquals(Verdict.Outcome.DEFER, bridge.check(STRANGER, LOCAL).outcome(), "still within the delay");

        Thread.sleep(3_000);
        assertEquals(Verdict.NO_OPINION, bridge.check(STRANGER, LOCAL), "the retry passes; rcpthosts decides");
        assertEquals(Verdict.Outcome.DEFER, bridge.check(STRANGER, MailAddress.parse("sue@example.com")).outcome(),
                "another triplet is greylisted on its own");
    }

    @Test
    void theRequestIsPostfixsAndEachAnswerMapsAsAccessMapsDo() throws Exception {
        ScriptedServer server = new ScriptedServer();
        PolicyBridge bridge = bridge(server.port());
        MailTransaction submission = TestTransaction.from("192.0.2.9").helo("laptop\nrecipient=evil@x.test")
                .tls().authenticated("joe", "PLAIN").sender("joe@example.com").recipients("a@example.com").build();

        server.answers("action=REJECT you are not welcome", "action=defer_if_permit Greylisted, come back later",
                "action=521 closed", "action=OK", "action=PREPEND X-Policy: seen", "action=HOLD");
        assertEquals(new Verdict(Verdict.Outcome.REJECT, 554, "you are not welcome"),
                bridge.check(submission, MailAddress.parse("friend@elsewhere.test")));
        assertEquals(new Verdict(Verdict.Outcome.DEFER, 450, "Greylisted, come back later"), bridge.check(submission, LOCAL));
        assertEquals(new Verdict(Verdict.Outcome.REJECT, 521, "closed"), bridge.check(submission, LOCAL));
        assertEquals(Verdict.NO_OPINION, bridge.check(submission, LOCAL), "OK never accepts on its own");
        assertEquals(Verdict.NO_OPINION, bridge.check(submission, LOCAL));
        assertEquals(new Verdict(Verdict.Outcome.DEFER, 451, "policy server answered what cannot be carried out (#4.3.5)"),
                bridge.check(submission, LOCAL));

        Map<String, String> request = server.requests.get(0);
        assertEquals("smtpd_access_policy", request.get("request"));
        assertEquals("RCPT", request.get("protocol_state"));
        assertEquals("192.0.2.9", request.get("client_address"));
        assertEquals("laptop recipient=evil@x.test", request.get("helo_name"), "a line end never reaches the protocol");
        assertEquals("friend@elsewhere.test", request.get("recipient"));
        assertEquals("joe@example.com", request.get("sender"));
        assertEquals("1", request.get("recipient_count"));
        assertEquals("plain", request.get("sasl_method"));
        assertEquals("joe", request.get("sasl_username"));
        assertEquals("TLSv1.3", request.get("encryption_protocol"));
        assertEquals(1, server.connections, "one connection kept for every request, as Postfix keeps it");
    }

    @Test
    void recipientsTheServerRefusesAnywayAreNotAskedAbout() throws Exception {
        ScriptedServer server = new ScriptedServer();
        PolicyBridge bridge = bridge(server.port());

        assertEquals(Verdict.NO_OPINION, bridge.check(STRANGER, MailAddress.parse("victim@elsewhere.test")));
        assertEquals(List.of(), server.requests);
    }

    @Test
    void aServerThatIsDownSlowOrGarbledDefers() throws Exception {
        Verdict unavailable = new Verdict(Verdict.Outcome.DEFER, 451, "policy server unavailable, try again later (#4.3.5)");
        assertEquals(unavailable, bridge(freePort()).check(STRANGER, LOCAL), "down");

        ScriptedServer silent = new ScriptedServer();
        silent.answers((String) null);
        assertEquals(unavailable, bridge(silent.port()).check(STRANGER, LOCAL), "no answer within the timeout");

        ScriptedServer garbled = new ScriptedServer();
        garbled.answers("result=maybe");
        assertEquals(unavailable, bridge(garbled.port()).check(STRANGER, LOCAL), "an answer without action=");

        ScriptedServer endless = new ScriptedServer();
        endless.answers("action=DUNNO " + "x".repeat(100_000));
        assertEquals(unavailable, bridge(endless.port()).check(STRANGER, LOCAL), "a line without end");
    }

    private static int freePort() throws IOException {
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return free.getLocalPort();
        }
    }

    private static void awaitListening(int port, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("postgrey does not listen on " + port + ":\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * A policy server that answers each request with the next of its scripted actions (null: no answer),
     * keeping the connection, and records the requests.
     */
    private final class ScriptedServer {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        private final List<String> script = new CopyOnWriteArrayList<>();
        private volatile int connections;

        ScriptedServer() throws IOException {
            started.add(socket);
            Thread acceptor = new Thread(this::serve, "scripted-policy-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        void answers(String... actions) {
            script.addAll(java.util.Arrays.asList(actions));
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (Socket client = socket.accept()) {
                    connections++;
                    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = client.getOutputStream();
                    while (true) {
                        Map<String, String> request = new HashMap<>();
                        for (String line; !(line = in.readLine()).isEmpty(); ) {
                            int equals = line.indexOf('=');
                            request.put(line.substring(0, equals), line.substring(equals + 1));
                        }
                        requests.add(request);
                        String action = script.isEmpty() ? "action=DUNNO" : script.remove(0);
                        if (action != null) {
                            out.write((action + "\n\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                        }
                    }
                } catch (IOException | NullPointerException gone) {
                    // the bridge closed its connection (readLine gives null at its end), or the test ended
                }
            }
        }
    }
}

package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.policy.ConnectionRules;

/**
 * The connection rules as a chain in front of every listener: ranking order, no opinion passing on,
 * the listener's default when nobody decides, and a rule that hangs, throws or says nothing dropping
 * the connection at its deadline, never letting it in.
 */
class ConnectionRulesTest {

    private static final ConnectionDecision RELAY = ConnectionDecision.allow(Map.of("RELAYCLIENT", ""));

    private final ListenerServices services = new ListenerServices();
    private final AtomicLong serviceIds = new AtomicLong();
    private final List<TcpServer.Connection> sessions = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private TcpServer server;

    private int start(ConnectionDecision withoutOpinion) throws Exception {
        server = TcpServer.builder("TEST", "test", connection -> {
            sessions.add(connection);
            return new TcpServer.Session() {
                @Override
                public void start() {
                    connection.transport().writeBytes("hello\n".getBytes(StandardCharsets.US_ASCII), connection.james());
                    connection.transport().setReadable(true);
                }

                @Override
                public void received(byte[] bytes) {
                    received.add(new String(bytes, StandardCharsets.US_ASCII).strip());
                }

                @Override
                public void disconnected() {
                    // nothing to release
                }
            };
        }).port(0).ioThreads(1).rules(services::rules).withoutRules(client -> withoutOpinion)
                .hookTimeout(Duration.ofSeconds(1)).build();
        server.start();
        return server.boundAddresses().get(0).getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void bind(int ranking, ConnectionRules rules) {
        services.bindRules(rules, Map.of("service.ranking", ranking, "service.id", serviceIds.incrementAndGet()));
    }

    /** What the client reads until the server closes: the greeting when let in, nothing when dropped. */
    private static String talk(int port, String send) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(send.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder read = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                read.append((char) b);
                if (b == '\n') {
                    break;
                }
            }
            return read.toString();
        }
    }

    @Test
    void aRuleRankedHigherDeniesBeforeTheRulesBelowAreAsked() throws Exception {
        List<String> asked = new CopyOnWriteArrayList<>();
        bind(10, client -> {
            asked.add("blocklist");
            return ConnectionDecision.DENY;
        });
        bind(ConnectionRules.TCPRULES_RANKING, client -> {
            asked.add("tcprules");
            return RELAY;
        });
        int port = start(ConnectionDecision.ALLOW);

        assertEquals("", talk(port, ""));
        assertEquals(List.of("blocklist"), asked);
        assertEquals(List.of(), sessions);
    }

    @Test
    void noOpinionPassesToTheNextRuleWhoseEnvironmentTheSessionGets() throws Exception {
        bind(10, client -> ConnectionDecision.NO_OPINION);
        bind(ConnectionRules.TCPRULES_RANKING, client -> RELAY);
        int port = start(ConnectionDecision.DENY);

        assertEquals("hello\n", talk(port, ""));
        assertEquals(RELAY.environment(), sessions.get(0).environment());
        assertEquals("test", sessions.get(0).client().listener());
    }

    @Test
    void whenNoRuleHasAnOpinionTheListenersDefaultDecides() throws Exception {
        bind(10, client -> ConnectionDecision.NO_OPINION);
        int port = start(ConnectionDecision.DENY);

        assertEquals("", talk(port, ""));
        assertEquals(List.of(), sessions);
    }

    @Test
    void aRuleThatHangsDropsTheConnectionAtItsDeadline() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        bind(10, client -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ConnectionDecision.ALLOW;
        });
        int port = start(ConnectionDecision.ALLOW);

        long begin = System.nanoTime();
        assertEquals("", talk(port, ""));
        assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(20), "dropped at the deadline");
        assertEquals(List.of(), sessions);
    }

    @Test
    void aRuleThatThrowsOrSaysNothingDropsTheConnection() throws Exception {
        bind(10, client -> {
            throw new IllegalStateException("DNS blocklist unreachable");
        });
        int port = start(ConnectionDecision.ALLOW);
        assertEquals("", talk(port, ""));

        services.unbindRules(services.rules().get(0));
        bind(10, client -> null);
        assertEquals("", talk(port, ""));
        assertEquals(List.of(), sessions);
    }

    @Test
    void bytesSentWhileTheRulesAreAskedReachTheSessionAfterItsStart() throws Exception {
        bind(10, client -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ConnectionDecision.ALLOW;
        });
        int port = start(ConnectionDecision.DENY);

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write("early\n".getBytes(StandardCharsets.US_ASCII));
            socket.setSoTimeout(30_000);
            assertEquals('h', socket.getInputStream().read());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertEquals(List.of("early"), received);
    }
}

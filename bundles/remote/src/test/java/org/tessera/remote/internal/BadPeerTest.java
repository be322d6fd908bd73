package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * Peers that misbehave: each gives a deferral with a clear text, and the client closes the
 * connection (the peer sees its end) rather than leaving it open.
 */
class BadPeerTest {

    private static final String PEER = "127.0.0.2";
    private static final String DIED = "Connected to 127.0.0.2 but connection died. (#4.4.2)\n";
    private final TestControls controls = new TestControls();
    private RemoteChannel channel;
    private ScriptedPeer peer;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = Tools.freePort(PEER);
        controls.routes("bad.test:" + PEER + ":" + port);
        controls.timeoutRemote = 1;
        channel = Channels.start(controls, Map.of("replyLimit", 65536));
    }

    @AfterEach
    void stop() throws Exception {
        channel.deactivate();
        peer.close();
        assertEquals(List.of(), peer.failures);
    }

    private DeliveryReport deliver() throws Exception {
        return Channels.deliver(channel, "joe@sender.test", "box@bad.test", "line\n".repeat(100_000));
    }

    @Test
    void aGreetingNeverSentTimesOut() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> assertTrue(c.awaitClose()));
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, DIED), deliver());
    }

    @Test
    void aReplyThatNeverEndsIsCutOff() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> {
            byte[] line = "220-and on and on\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                while (true) {
                    c.raw(line);
                }
            } catch (java.io.IOException closedByClient) {
                // the client gave up, as it should
            }
        });
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but its reply went on past 65536 bytes. (#4.4.2)\n"), deliver());
    }

    @Test
    void aMegabyteMultilineReplyIsRefused() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            c.line();
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < 20_000; i++) {
                b.append("250-").append("y".repeat(50)).append("\r\n");
            }
            try {
                c.raw(b.append("250 done\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedByClient) {
                return;
            }
            assertTrue(c.awaitClose());
        });
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but its reply went on past 65536 bytes. (#4.4.2)\n"), deliver());
    }

    @Test
    void aPeerThatStopsAnsweringMidDialogueTimesOut() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            c.line();
            c.reply("250 hi");
            c.line();
            assertTrue(c.awaitClose());
        });
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, DIED), deliver());
    }

    @Test
    void aResetInTheMiddleOfDataIsADeferral() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            for (String reply : new String[] {"250 hi", "250 ok", "250 ok", "354 go"}) {
                c.line();
                c.reply(reply);
            }
            for (int i = 0; i < 10; i++) {
                c.line();
            }
            c.reset();
        });
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, DIED), deliver());
    }

    @Test
    void aPeerThatStopsReadingTheBodyTimesOut() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            for (String reply : new String[] {"250 hi", "250 ok", "250 ok", "354 go"}) {
                c.line();
                c.reply(reply);
            }
            // Reads no more: the body fills the socket buffers and the client's write waits.
            Thread.sleep(4_000);
        });
        long start = System.nanoTime();
        DeliveryReport report = Channels.deliver(channel, "joe@sender.test", "box@bad.test", "line\n".repeat(4_000_000));
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, DIED), report);
        // timeoutremote is 1 s: the stalled write ends the session long before the peer closes.
        assertTrue(System.nanoTime() - start < 3_500_000_000L);
    }

    @Test
    void aConnectionLostAwaitingTheFinalReplyMayBeADuplicate() throws Exception {
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            for (String reply : new String[] {"250 hi", "250 ok", "250 ok", "354 go"}) {
                c.line();
                c.reply(reply);
            }
            c.data();
        });
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but connection died. Possible duplicate! (#4.4.2)\n"), deliver());
    }

    @Test
    void aTlsHandshakeFailureIsADeferral() throws Exception {
        channel.deactivate();
        channel = Channels.start(controls, Map.of("starttls", true));
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            c.line();
            c.reply("250-peer\r\n250 STARTTLS");
            c.line();
            c.reply("220 go ahead");
            byte[] garbage = new byte[64];
            Arrays.fill(garbage, (byte) 'G');
            c.raw(garbage);
            assertTrue(c.awaitClose());
        });
        DeliveryReport report = deliver();
        assertEquals(Outcome.TEMPORARY, report.outcome());
        assertTrue(report.text().startsWith("Connected to 127.0.0.2 but the TLS handshake failed: "), report.text());
        assertTrue(report.text().endsWith(". (#4.7.5)\n"), report.text());
    }
}

package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.DeliveryReport;

/**
 * A delivery through the real remote channel to a peer on 127.0.0.2 whose every reply (greeting,
 * EHLO, MAIL, RCPT, DATA, the end of DATA) is fuzzed bytes, multi-line, huge or malformed, and who
 * hangs up once its replies run out (the input is cut at each 0xFF into the peer's turns): the
 * delivery always ends, within the peer's timeout, with a report whose text is bounded and ends with
 * a line end, as qmail-remote's does.
 */
class PeerRepliesFuzzTest {

    // Jazzer's SSRF detector would take the test's own connections for a finding: loopback is expected.
    private static final BiPredicate<String, Integer> LOOPBACK = (host, port) -> host.equals("localhost")
            || host.startsWith("127.");

    private static final String PEER = "127.0.0.2";
    // Generous: a reply limit's text, qmail's own words around it, and the recipient's lines.
    private static final int LONGEST_REPORT = 4 * ReplyDecoder.TEXT_LIMIT;

    private static final int PEER_PATIENCE_MILLIS = 200;
    private static final TestControls controls = new TestControls();
    private static RemoteChannel channel;
    private static ServerSocket peer;
    private static Thread acceptor;
    private static volatile List<byte[]> replies = List.of();

    @BeforeAll
    static void start() throws IOException {
        int port = Tools.freePort(PEER);
        peer = new ServerSocket();
        peer.setReuseAddress(true);
        peer.bind(new InetSocketAddress(InetAddress.getByName(PEER), port));
        acceptor = new Thread(PeerRepliesFuzzTest::serve, "fuzzed-peer");
        acceptor.start();
        controls.routes("peer.test:" + PEER + ":" + port);
        controls.timeoutRemote = 1;
        channel = Channels.start(controls, Map.of("replyLimit", 16384));
    }

    @AfterAll
    static void stop() throws Exception {
        channel.deactivate();
        peer.close();
        acceptor.join(5_000);
    }

    @FuzzTest
    void peerReplies(byte[] input) throws Exception {
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(LOOPBACK)) {
            replies = turns(input);
            DeliveryReport report = channel.deliver(1, MailAddress.parse("joe@sender.test"), MailAddress.parse("box@peer.test"),
                    Channels.content("Subject: x\n\nbody\n.\n")).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertNotNull(report.outcome());
            assertTrue(report.text().length() <= LONGEST_REPORT, "a bounded report: " + report.text().length());
            assertTrue(report.text().endsWith("\n"), "a report ends with a line end: " + report.text());
        }
    }

    // The peer's turns: its bytes cut at each 0xFF, a byte no reply needs.
    private static List<byte[]> turns(byte[] input) {
        List<byte[]> turns = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length; i++) {
            if (i == input.length || input[i] == (byte) 0xff) {
                turns.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return List.copyOf(turns);
    }

    // One connection at a time, as the deliveries come: a reply, then the client's line (or message), and so on.
    private static void serve() {
        while (!peer.isClosed()) {
            try (Socket s = peer.accept()) {
                // A client that sends nothing this long after a reply waits for more of it: hanging up then ends
                // the delivery at once, where waiting would cost the remote timeout for every incomplete reply.
                s.setSoTimeout(PEER_PATIENCE_MILLIS);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                for (byte[] reply : replies) {
                    out.write(reply);
                    out.flush();
                    boolean data = reply.length >= 3 && reply[0] == '3' && reply[1] == '5' && reply[2] == '4';
                    if (!(data ? skipMessage(in) : skipLine(in))) {
                        break;
                    }
                }
            } catch (IOException gone) {
                // the client hung up or the peer closed: the next delivery gets a new connection
            }
        }
    }

    private static boolean skipLine(InputStream in) throws IOException {
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return true;
            }
        }
        return false;
    }

    // Up to CR LF . CR LF, or the end of the input.
    private static boolean skipMessage(InputStream in) throws IOException {
        long tail = 0;
        for (int c; (c = in.read()) != -1; ) {
            tail = tail << 8 | c;
            if ((tail & 0xff_ffff_ffffL) == 0x0d0a2e0d0aL) {
                return true;
            }
        }
        return false;
    }
}

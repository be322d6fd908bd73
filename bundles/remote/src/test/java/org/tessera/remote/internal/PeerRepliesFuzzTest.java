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

    private static final int REPLY_LIMIT = 16384;
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
        channel = Channels.start(controls, Map.of("replyLimit", REPLY_LIMIT));
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

    /*
     * One connection at a time, as the deliveries come. The peer answers in turns, and knows when the client
     * will speak: it follows its own bytes as the client reads them (a ReplyDecoder, qmail-remote's rule) and
     * waits for a line (or, after DATA and a 354, the message) only for each reply the client has whole. A
     * reply cut short is continued by the next turn at once, or ended by hanging up, so no input waits for a
     * timeout; the patience only covers a client that acts unlike this model.
     */
    private static void serve() {
        while (!peer.isClosed()) {
            try (Socket s = peer.accept()) {
                s.setSoTimeout(PEER_PATIENCE_MILLIS);
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                ReplyDecoder client = new ReplyDecoder(REPLY_LIMIT);
                String lastLine = "";
                turns:
                for (byte[] turn : replies) {
                    out.write(turn);
                    out.flush();
                    for (byte b : turn) {
                        SmtpReply whole = client.feed(b);
                        if (whole == null) {
                            continue;
                        }
                        if (whole.code() == 354 && lastLine.equalsIgnoreCase("DATA")) {
                            if (!skipMessage(in)) {
                                break turns;
                            }
                        } else if ((lastLine = readLine(in)) == null) {
                            break turns;
                        }
                    }
                }
            } catch (ReplyDecoder.ReplyTooLongException | IOException gone) {
                // the client gave up on an endless reply, hung up, or the peer closed: the next delivery
                // gets a new connection
            }
        }
    }

    // The client's next line without its line end, or null at the end of its input.
    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                return line.toString().strip();
            }
            line.append((char) c);
        }
        return null;
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

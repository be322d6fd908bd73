package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * qmail-remote's dialogue against a scripted peer reached through an smtproutes route: what the
 * client sends, byte for byte, and every outcome text of qmail-remote.
 */
class SmtpDialogueTest {

    private static final String PEER = "127.0.0.2";
    private final TestControls controls = new TestControls();
    private RemoteChannel channel;
    private ScriptedPeer peer;
    private int port;

    @BeforeEach
    void start() throws Exception {
        port = Tools.freePort(PEER);
        controls.routes("peer.test:" + PEER + ":" + port);
        channel = Channels.start(controls, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        channel.deactivate();
        if (peer != null) {
            peer.close();
            assertEquals(List.of(), peer.failures);
        }
    }

    /** A peer that answers each command with the reply given for it, and records the body. */
    private ScriptedPeer peer(String greeting, String helo, String mail, String rcpt, String data, String end,
            AtomicReference<byte[]> body) throws Exception {
        return ScriptedPeer.start(PEER, port, c -> {
            c.reply(greeting);
            if (!greeting.startsWith("220")) {
                c.awaitClose();
                return;
            }
            for (String reply : new String[] {helo, mail, rcpt, data}) {
                String line = c.line();
                if (line == null || line.equals("QUIT")) {
                    return;
                }
                c.reply(reply);
                if (reply.startsWith("354")) {
                    body.set(c.data());
                    c.reply(end);
                }
            }
            c.awaitClose();
        });
    }

    private DeliveryReport deliver(String message) throws Exception {
        return Channels.deliver(channel, "joe@sender.test", "box@peer.test", message);
    }

    @Test
    void speaksAsQmailRemoteAndReportsTheAcceptance() throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        peer = peer("220 peer ESMTP", "250 peer", "250 ok", "250 ok", "354 go ahead", "250 ok 1700000000 qp 123", body);
        DeliveryReport report = deliver("Subject: hi\n\n.leading dot\n..two\nbare\rCR\n.\n");
        assertEquals(new DeliveryReport(Outcome.SUCCESS,
                "127.0.0.2 accepted message.\nRemote host said: 250 ok 1700000000 qp 123\n"), report);
        peer.awaitScripts();
        assertEquals(List.of("HELO tessera.test", "MAIL FROM:<joe@sender.test>", "RCPT TO:<box@peer.test>", "DATA",
                "QUIT"), peer.received);
        assertEquals("Subject: hi\r\n\r\n..leading dot\r\n...two\r\nbare\r\nCR\r\n..\r\n.\r\n",
                new String(body.get(), StandardCharsets.UTF_8));
    }

    @Test
    void noLineEndOrDotInTheMessageEndsTheDataForAnyReceiver() throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "250 ok", body);
        String smuggled = "MAIL FROM:<s@x>\rRCPT TO:<v@y>\rDATA\r\rsmuggled\r";
        String message = "Subject: outer\n\na\n.\nb\r.\r" + smuggled + "c\r\n.\r\n" + smuggled
                + "d\r\n.\nx\u0000\r\r\n.\u0000\n.\n";
        assertEquals(Outcome.SUCCESS, deliver(message).outcome());
        peer.awaitScripts();
        String wire = new String(body.get(), StandardCharsets.ISO_8859_1);
        String smuggledWire = "MAIL FROM:<s@x>\r\nRCPT TO:<v@y>\r\nDATA\r\n\r\nsmuggled\r\n";
        assertEquals("Subject: outer\r\n\r\na\r\n..\r\nb\r\n..\r\n" + smuggledWire + "c\r\n..\r\n"
                + smuggledWire + "d\r\n..\r\nx\u0000\r\n\r\n..\u0000\r\n..\r\n.\r\n", wire);
        // The peer read the data up to its first CRLF . CRLF; nothing of the message came after it.
        assertEquals(List.of("HELO tessera.test", "MAIL FROM:<joe@sender.test>", "RCPT TO:<box@peer.test>", "DATA",
                "QUIT"), peer.received);
    }

    @ParameterizedTest
    @ValueSource(strings = {"joe\r\nRCPT TO:<victim@peer.test>@sender.test", "joe@sender.test\nRSET",
        "joe\r@sender.test"})
    void aSenderWithALineBreakNeverReachesMailFrom(String sender) throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "250 ok", body);
        assertEquals(Reports.LINE_BREAK_IN_ADDRESS, Channels.deliver(channel, sender, "box@peer.test", "x\n"));
        assertEquals(0, peer.connections.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"box\r\nDATA@peer.test", "box@peer.test\nRCPT TO:<victim@peer.test>", "box\r@peer.test"})
    void aRecipientWithALineBreakNeverReachesRcptTo(String recipient) throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "250 ok", body);
        assertEquals(Reports.LINE_BREAK_IN_ADDRESS, Channels.deliver(channel, "joe@sender.test", recipient, "x\n"));
        assertEquals(0, peer.connections.get());
    }

    @Test
    void anEmptyMessageIsJustTheFinalDot() throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "250 ok", body);
        assertEquals(Outcome.SUCCESS, deliver("").outcome());
        assertEquals(".\r\n", new String(body.get(), StandardCharsets.US_ASCII));
    }

    @Test
    void aGreetingOtherThan220IsADeferral() throws Exception {
        peer = peer("554 go away", "", "", "", "", "", null);
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but greeting failed.\nRemote host said: 554 go away\n"), deliver("x\n"));
        peer.awaitScripts();
        assertEquals(List.of("QUIT"), peer.received);
    }

    @Test
    void aRefusedHeloIsADeferral() throws Exception {
        peer = peer("220 peer", "501 who are you", "", "", "", "", null);
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but my name was rejected.\nRemote host said: 501 who are you\n"),
                deliver("x\n"));
    }

    @Test
    void aRefusedSenderIsPermanentOn5xxAndTemporaryOn4xx() throws Exception {
        peer = peer("220 peer", "250 peer", "553 not you", "", "", "", null);
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Connected to 127.0.0.2 but sender was rejected.\nRemote host said: 553 not you\n"), deliver("x\n"));
        peer.close();
        peer = peer("220 peer", "250 peer", "451 later", "", "", "", null);
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "Connected to 127.0.0.2 but sender was rejected.\nRemote host said: 451 later\n"), deliver("x\n"));
    }

    @Test
    void aRefusedRecipientGivesUpWithTheRemoteText() throws Exception {
        peer = peer("220 peer", "250 peer", "250 ok", "550 no such user", "", "", null);
        assertEquals(new DeliveryReport(Outcome.PERMANENT, "127.0.0.2 does not like recipient.\n"
                + "Remote host said: 550 no such user\nGiving up on 127.0.0.2.\n"), deliver("x\n"));
        peer.awaitScripts();
        assertEquals(List.of("HELO tessera.test", "MAIL FROM:<joe@sender.test>", "RCPT TO:<box@peer.test>", "QUIT"),
                peer.received);
        peer.close();
        peer = peer("220 peer", "250 peer", "250 ok", "450 mailbox busy", "", "", null);
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, "127.0.0.2 does not like recipient.\n"
                + "Remote host said: 450 mailbox busy\nGiving up on 127.0.0.2.\n"), deliver("x\n"));
    }

    @Test
    void aDeferralIsRetriedAndTheNextAttemptCanSucceed() throws Exception {
        peer = peer("220 peer", "250 peer", "250 ok", "451 greylisted", "", "", null);
        assertEquals(Outcome.TEMPORARY, deliver("x\n").outcome());
        peer.close();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "250 now ok", new AtomicReference<>());
        assertEquals(new DeliveryReport(Outcome.SUCCESS, "127.0.0.2 accepted message.\nRemote host said: 250 now ok\n"),
                deliver("x\n"));
    }

    @Test
    void aRefusedDataCommandIsReported() throws Exception {
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "554 no data for you", "", null);
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "127.0.0.2 failed on DATA command.\nRemote host said: 554 no data for you\n"), deliver("x\n"));
        peer.close();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "451 not now", "", null);
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "127.0.0.2 failed on DATA command.\nRemote host said: 451 not now\n"), deliver("x\n"));
    }

    @Test
    void aRefusalAfterTheBodyIsReported() throws Exception {
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "554 spam", new AtomicReference<>());
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "127.0.0.2 failed after I sent the message.\nRemote host said: 554 spam\n"), deliver("x\n"));
        peer.close();
        peer = peer("220 peer", "250 peer", "250 ok", "250 ok", "354 go", "452 full", new AtomicReference<>());
        assertEquals(new DeliveryReport(Outcome.TEMPORARY,
                "127.0.0.2 failed after I sent the message.\nRemote host said: 452 full\n"), deliver("x\n"));
    }

    @Test
    void aMultilineReplyIsReadToItsLastLineAndQuotedWhole() throws Exception {
        peer = peer("220-peer\r\n220-more\r\n220 ready", "250 peer", "250 ok", "550-no\r\n550-such\r\n550 user",
                "", "", null);
        assertEquals(new DeliveryReport(Outcome.PERMANENT, "127.0.0.2 does not like recipient.\n"
                + "Remote host said: 550-no\n550-such\n550 user\nGiving up on 127.0.0.2.\n"), deliver("x\n"));
    }

    @Test
    void replyCodesAreReadAsQmailReadsThem() throws Exception {
        // qmail builds the code from the first three bytes whatever they are: "abc" is far above 500.
        peer = peer("220 peer", "250 peer", "abc what", "", "", "", null);
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Connected to 127.0.0.2 but sender was rejected.\nRemote host said: abc what\n"), deliver("x\n"));
    }

    @Test
    void theRemoteTextIsCutAt5000BytesAndNulsShownAsQuestionMarks() throws Exception {
        String longText = "x".repeat(6000);
        peer = peer("220 peer", "250 peer", "250 ok", "550 a\0b " + longText, "", "", null);
        DeliveryReport report = deliver("x\n");
        String said = "Remote host said: ";
        String text = report.text();
        String quoted = text.substring(text.indexOf(said) + said.length(), text.indexOf("Giving up on"));
        assertEquals(5000, quoted.length());
        assertTrue(quoted.startsWith("550 a?b xxx"), quoted);
    }

    @Test
    void aPartialFinalLineFailsWithoutEndingTheData() throws Exception {
        AtomicReference<byte[]> body = new AtomicReference<>();
        peer = ScriptedPeer.start(PEER, port, c -> {
            c.reply("220 peer");
            for (String reply : new String[] {"250 peer", "250 ok", "250 ok", "354 go"}) {
                c.line();
                c.reply(reply);
            }
            body.set(readAll(c));
        });
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "SMTP cannot transfer messages with partial final lines. (#5.6.2)\n"), deliver("one\ntwo"));
        peer.awaitScripts();
        assertEquals("one\r\ntwo", new String(body.get(), StandardCharsets.US_ASCII));
    }

    private static byte[] readAll(ScriptedPeer.Conversation c) throws Exception {
        StringBuilder b = new StringBuilder();
        String line;
        while ((line = c.line()) != null) {
            b.append(line).append("\r\n");
        }
        String s = b.toString();
        // The last "line" had no LF: line() returned it without one, and this loop added CRLF.
        return s.substring(0, s.length() - 2).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void addressesAreQuotedAsQmailQuotesThemAndTheNullSenderIsEmpty() throws Exception {
        peer = peer("220 peer", "250 peer", "250 ok", "550 no", "", "", null);
        Channels.deliver(channel, "", "a b@peer.test", "x\n");
        peer.awaitScripts();
        assertEquals(List.of("HELO tessera.test", "MAIL FROM:<>", "RCPT TO:<\"a b\"@peer.test>", "QUIT"),
                peer.received);
    }

    @Test
    void withoutHelohostOrMeTheControlsCannotBeRead() throws Exception {
        controls.helo = java.util.Optional.empty();
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, "Unable to read control files. (#4.3.0)\n"
                + "neither control/helohost nor control/me exists\n"), deliver("x\n"));
        controls.helo = java.util.Optional.of("tessera.test");
        controls.failure = new org.tessera.api.control.ControlFileException("smtproutes", new java.io.IOException("EIO"));
        assertEquals(new DeliveryReport(Outcome.TEMPORARY, "Unable to read control files. (#4.3.0)\n"
                + controls.failure.getMessage() + "\n"), deliver("x\n"));
    }
}

package org.tessera.queue.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tessera.queue.internal.send.BounceAddressing.Kind;
import org.tessera.testkit.MemoryControlFiles;

class BounceMessageTest {

    /** 14 Nov 2023 22:13:20 UTC. */
    private static final long DATE = 1_700_000_000L;

    private static final String MESSAGE = "Received: (qmail 123 invoked by uid 1000); 14 Nov 2023 22:00:00 -0000\n"
            + "Subject: hello\n\nbody\n";

    private final MemoryControlFiles controls = new MemoryControlFiles();

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String write(BounceMessage bounce, String blocks, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bounce.writeTo(out, stream(blocks), stream(message));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void singleBounceByteExact() throws IOException {
        BounceAddressing to = BounceAddressing.of("joe@example.com", controls);
        BounceMessage bounce = new BounceMessage(to, "MAILER-DAEMON", "mail.example.org", DATE);
        String blocks = BounceMessage.recipientBlock("nobody@example.net",
                "Sorry, no mailbox here by that name. (#5.1.1)\n")
                + BounceMessage.recipientBlock("info@nowhere.mil", "This address no longer accepts mail.");
        String expected = "Date: 14 Nov 2023 22:13:20 -0000\n"
                + "From: MAILER-DAEMON@mail.example.org\n"
                + "To: joe@example.com\n"
                + "Subject: failure notice\n"
                + "\n"
                + "Hi. This is the qmail-send program at mail.example.org.\n"
                + "I'm afraid I wasn't able to deliver your message to the following addresses.\n"
                + "This is a permanent error; I've given up. Sorry it didn't work out.\n"
                + "\n"
                + "<nobody@example.net>:\n"
                + "Sorry, no mailbox here by that name. (#5.1.1)\n"
                + "\n"
                + "<info@nowhere.mil>:\n"
                + "This address no longer accepts mail.\n"
                + "\n"
                + "--- Below this line is a copy of the message.\n"
                + "\n"
                + "Return-Path: <joe@example.com>\n"
                + MESSAGE;
        assertEquals(expected, write(bounce, blocks, MESSAGE));
        assertEquals(expected, bounce.prefix(blocks) + MESSAGE);
    }

    @Test
    void doubleBounceByteExact() throws IOException {
        controls.doubleBounceTo = "postmaster";
        controls.doubleBounceHost = "example.org";
        BounceAddressing to = BounceAddressing.of("", controls);
        assertEquals(new BounceAddressing(Kind.DOUBLE, "#@[]", "postmaster@example.org", ""), to);
        BounceMessage bounce = new BounceMessage(to, "MAILER-DAEMON", "mail.example.org", DATE);
        String blocks = BounceMessage.recipientBlock("joe@example.com", "Sorry, no mailbox here by that name. (#5.1.1)\n");
        String expected = "Date: 14 Nov 2023 22:13:20 -0000\n"
                + "From: MAILER-DAEMON@mail.example.org\n"
                + "To: postmaster@example.org\n"
                + "Subject: failure notice\n"
                + "\n"
                + "Hi. This is the qmail-send program at mail.example.org.\n"
                + "I tried to deliver a bounce message to this address, but the bounce bounced!\n"
                + "\n"
                + "<joe@example.com>:\n"
                + "Sorry, no mailbox here by that name. (#5.1.1)\n"
                + "\n"
                + "--- Below this line is the original bounce.\n"
                + "\n"
                + "Return-Path: <>\n"
                + MESSAGE;
        assertEquals(expected, write(bounce, blocks, MESSAGE));
    }

    @Test
    void singleBounceAddressing() {
        assertEquals(new BounceAddressing(Kind.SINGLE, "", "joe@example.com", "joe@example.com"),
                BounceAddressing.of("joe@example.com", controls));
    }

    @Test
    void verpSenderBouncesToStrippedAddress() {
        assertEquals(new BounceAddressing(Kind.SINGLE, "", "list-@example.org", "list-@example.org"),
                BounceAddressing.of("list-@example.org-@[]", controls));
    }

    @Test
    void doubleBounceUsesDefaultsVerbatim() {
        assertEquals(new BounceAddressing(Kind.DOUBLE, "#@[]", "postmaster@doublebouncehost", ""),
                BounceAddressing.of("", controls));
    }

    @Test
    void emptyDoubleBounceToGivesTrashAddressQuotedInHeader() {
        controls.doubleBounceTo = "";
        controls.doubleBounceHost = "example.org";
        BounceAddressing to = BounceAddressing.of("", controls);
        assertEquals("@example.org", to.recipient());
        String head = new BounceMessage(to, "MAILER-DAEMON", "h", DATE).head();
        assertEquals("To: \"\"@example.org", head.lines().filter(l -> l.startsWith("To:")).findFirst().orElseThrow());
    }

    @Test
    void aSenderWithLineBreaksStaysOnTheBouncesToLine() {
        BounceAddressing to = BounceAddressing.of("joe\nBcc: victim@example.net\r@example.com\nX-Injected: yes", controls);
        String head = new BounceMessage(to, "MAILER-DAEMON", "h", DATE).head();
        assertEquals("To: \"joe\\_Bcc: victim@example.net\\_\"@example.com_X-Injected: yes\n"
                + "Subject: failure notice\n", head.substring(head.indexOf("To: "), head.indexOf("\n\n") + 1));
    }

    @Test
    void tripleBounceIsDiscarded() {
        BounceAddressing to = BounceAddressing.of("#@[]", controls);
        assertEquals(Kind.DISCARD, to.kind());
        assertThrows(IllegalArgumentException.class, () -> new BounceMessage(to, "MAILER-DAEMON", "h", DATE));
    }

    @Test
    void fromLocalPartIsQuotedWhenNeeded() {
        BounceAddressing to = BounceAddressing.of("joe@example.com", controls);
        assertEquals("From: \"Mail Delivery\"@h\n", fromLine(new BounceMessage(to, "Mail Delivery", "h", DATE)));
        assertEquals("From: \"a\\\"b\"@h\n", fromLine(new BounceMessage(to, "a\"b", "h", DATE)));
        assertEquals("From: \".dot\"@h\n", fromLine(new BounceMessage(to, ".dot", "h", DATE)));
        assertEquals("From: \"a..b\"@h\n", fromLine(new BounceMessage(to, "a..b", "h", DATE)));
        assertEquals("From: first.last+x@h\n", fromLine(new BounceMessage(to, "first.last+x", "h", DATE)));
        assertEquals("From: MAILER-DAEMON@h\n", fromLine(new BounceMessage(to, "MAILER-DAEMON", "h", DATE)));
    }

    @Test
    void toAndReturnPathQuoteOnlyTheLocalPart() {
        BounceAddressing to = BounceAddressing.of("john smith@example.com", controls);
        BounceMessage bounce = new BounceMessage(to, "MAILER-DAEMON", "h", DATE);
        assertTrue(bounce.head().contains("\nTo: \"john smith\"@example.com\n"));
        assertTrue(bounce.separator().endsWith("Return-Path: <\"john smith\"@example.com>\n"));
        BounceAddressing odd = BounceAddressing.of("u@evil.test@example.com", controls);
        assertTrue(new BounceMessage(odd, "M", "h", DATE).head().contains("\nTo: \"u@evil.test\"@example.com\n"));
    }

    @Test
    void dateHasUnpaddedDayAndPaddedTime() {
        assertEquals("Date: 1 Jan 2000 00:00:00 -0000\n", BounceMessage.dateField(946_684_800L));
        assertEquals("Date: 9 Sep 2001 01:46:40 -0000\n", BounceMessage.dateField(1_000_000_000L));
    }

    @Test
    void recipientBlockAppendsMissingNewline() {
        assertEquals("<a@b>:\nfailed\n\n", BounceMessage.recipientBlock("a@b", "failed"));
        assertEquals("<a@b>:\nfailed\n\n", BounceMessage.recipientBlock("a@b", "failed\n"));
    }

    @Test
    void recipientBlockWithEmptyReport() {
        assertEquals("<a@b>:\n\n", BounceMessage.recipientBlock("a@b", ""));
    }

    @Test
    void recipientBlockShowsEmptyReportLinesAsSlash() {
        assertEquals("<a@b>:\none\n/\ntwo\n\n", BounceMessage.recipientBlock("a@b", "one\n\ntwo\n"));
        assertEquals("<a@b>:\n/\none\n/\n/\n\n", BounceMessage.recipientBlock("a@b", "\none\n\n\n"));
    }

    @Test
    void recipientBlockReplacesNewlineInRecipient() {
        assertEquals("<a_b@c>:\nx\n\n", BounceMessage.recipientBlock("a\nb@c", "x\n"));
    }

    @Test
    void remoteReportBlockAsQmailRemoteWritesIt() {
        assertEquals("<joe@example.net>:\n192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 no such user\n"
                        + "Giving up on 192.0.2.1.\n\n",
                BounceMessage.recipientBlock("joe@example.net",
                        "192.0.2.1 does not like recipient.\nRemote host said: 550 5.1.1 no such user\nGiving up on 192.0.2.1.\n"));
    }

    @Test
    void streamsLargeMessageWithoutBuildingIt() throws IOException {
        BounceMessage bounce = new BounceMessage(BounceAddressing.of("joe@example.com", controls), "M", "h", DATE);
        long size = 50L * 1024 * 1024;
        InputStream big = new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        CountingStream out = new CountingStream();
        bounce.writeTo(out, stream(""), big);
        assertEquals(bounce.prefix("").length() + size, out.count);
    }

    private static String fromLine(BounceMessage bounce) {
        return bounce.head().lines().filter(l -> l.startsWith("From:")).findFirst().orElseThrow() + "\n";
    }

    /** Counts bytes and keeps none. */
    private static final class CountingStream extends java.io.OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}

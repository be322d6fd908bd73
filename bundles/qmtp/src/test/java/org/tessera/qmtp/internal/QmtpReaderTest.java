package org.tessera.qmtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** QMTP packages as qmail-qmtpd reads them, fed whole and a byte at a time. */
class QmtpReaderTest {

    /** Records the events as text: the message, then each address (null for a skipped one). */
    static final class Recorder implements PackageEvents {
        final ByteArrayOutputStream message = new ByteArrayOutputStream();
        final List<String> events = new ArrayList<>();

        @Override
        public void messageStarts(long length) {
            events.add("start " + length);
        }

        @Override
        public void messageBytes(byte[] bytes, int from, int to) {
            message.write(bytes, from, to - from);
        }

        @Override
        public void messageEnds() {
            events.add("message " + message.toString(StandardCharsets.ISO_8859_1));
        }

        @Override
        public void sender(byte[] sender) {
            events.add("sender " + (sender == null ? null : new String(sender, StandardCharsets.ISO_8859_1)));
        }

        @Override
        public void recipient(byte[] recipient) {
            events.add("rcpt " + (recipient == null ? null : new String(recipient, StandardCharsets.ISO_8859_1)));
        }

        @Override
        public void packageEnds() {
            events.add("end");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static ReadStatus whole(QmtpReader reader, String input) {
        byte[] b = bytes(input);
        int at = reader.feed(b, 0, b.length);
        assertTrue(at <= b.length);
        return reader.status();
    }

    private static ReadStatus byteByByte(QmtpReader reader, String input) {
        byte[] b = bytes(input);
        for (int i = 0; i < b.length && reader.status() == ReadStatus.READING; i++) {
            assertEquals(i + 1, reader.feed(b, i, i + 1));
        }
        return reader.status();
    }

    @Test
    void aPackageInLfModeGivesItsMessageVerbatimThenTheEnvelope() {
        for (boolean split : new boolean[] {false, true}) {
            Recorder r = new Recorder();
            QmtpReader reader = new QmtpReader(r, 1000);
            String message = "\na\r\nb\nc\r\r";
            String input = message.length() + ":" + message + ",3:s@b,21:7:u@x.com,8:v@y.test,,";
            assertEquals(ReadStatus.PACKAGE_DONE, split ? byteByByte(reader, input) : whole(reader, input));
            assertEquals(List.of("start " + (message.length() - 1), "message a\r\nb\nc\r\r", "sender s@b", "rcpt u@x.com", "rcpt v@y.test", "end"),
                    r.events);
        }
    }

    @Test
    void crModeTurnsCrLfIntoLfAndKeepsEveryOtherCr() {
        for (boolean split : new boolean[] {false, true}) {
            Recorder r = new Recorder();
            QmtpReader reader = new QmtpReader(r, 1000);
            // a CR LF b CR c CR CR LF d CR (a CR at the very end stays)
            String message = "\ra\r\nb\rc\r\r\nd\r";
            String input = message.length() + ":" + message + ",0:,0:,";
            assertEquals(ReadStatus.PACKAGE_DONE, split ? byteByByte(reader, input) : whole(reader, input));
            assertEquals("a\nb\rc\r\nd\r", r.message.toString(StandardCharsets.ISO_8859_1));
            assertEquals(List.of("sender ", "end"), r.events.subList(2, 4));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\n.\n", "\r\n.\r\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r\n.\r", "\n.\r", ".\r\n", "\r\n.\u0000\r\n"})
    void aDotLineOfAnyKindIsMessageTextAndNeverEndsThePackage(String ending) {
        // The length alone ends a QMTP message: what an SMTP server might take for the end of DATA,
        // followed by a second package's worth of text, is the first message's text.
        String smuggled = "Subject: outer" + ending + "6:\nx\r\n.\r\n,3:s@b,8:5:v@y.z,," + ending;
        for (char mode : new char[] {'\n', '\r'}) {
            for (boolean split : new boolean[] {false, true}) {
                Recorder r = new Recorder();
                QmtpReader reader = new QmtpReader(r, 1000);
                String message = mode + smuggled;
                String input = message.length() + ":" + message + ",3:o@b,8:5:u@x.y,,";
                assertEquals(ReadStatus.PACKAGE_DONE, split ? byteByByte(reader, input) : whole(reader, input));
                String stored = mode == '\n' ? smuggled : smuggled.replace("\r\n", "\n");
                assertEquals(List.of("start " + (message.length() - 1), "message " + stored, "sender o@b", "rcpt u@x.y", "end"),
                        r.events);
            }
        }
    }

    @Test
    void theReaderStopsAfterThePackageAndReadsTheNextAfterNext() {
        Recorder r = new Recorder();
        QmtpReader reader = new QmtpReader(r, 1000);
        byte[] two = bytes("2:\nx,0:,0:,2:\ny,0:,0:,");
        int at = reader.feed(two, 0, two.length);
        assertEquals(11, at);
        assertEquals(ReadStatus.PACKAGE_DONE, reader.status());
        reader.next();
        assertTrue(reader.betweenPackages());
        assertEquals(two.length, reader.feed(two, at, two.length));
        assertEquals(ReadStatus.PACKAGE_DONE, reader.status());
    }

    @Test
    void longAddressesAreSkippedNotKept() {
        Recorder r = new Recorder();
        QmtpReader reader = new QmtpReader(r, 10);
        String sender = "s".repeat(1000);
        String input = "1:\n,1000:" + sender + ",26:9:123456789,10:1234567890,,";
        assertEquals(ReadStatus.PACKAGE_DONE, whole(reader, input));
        assertEquals(List.of("sender null", "rcpt 123456789", "rcpt null", "end"), r.events.subList(2, 6));
    }

    @Test
    void badInputIsAProtocolErrorAndHugeLengthsAreTooLong() {
        for (String bad : List.of("x:", "1x:", "0:", "3:Xab,", "3:\nab;", "1:\n,1:s;", "1:\n,0:,3:1:a,,",
                "1:\n,0:,4:9:abc", "1:\n,0:,4:1:a;", "1:\n,0:,4:1:a,;", "1:\n,0:,0:;")) {
            assertEquals(ReadStatus.BAD_PROTOCOL, whole(new QmtpReader(new Recorder(), 1000), bad), bad);
            assertEquals(ReadStatus.BAD_PROTOCOL, byteByByte(new QmtpReader(new Recorder(), 1000), bad), bad);
        }
        assertEquals(ReadStatus.TOO_LONG, whole(new QmtpReader(new Recorder(), 1000), "20000000000:"));
        assertEquals(ReadStatus.READING, whole(new QmtpReader(new Recorder(), 1000), "2000000009"),
                "qmail's bound applies before a further digit");
        assertEquals(ReadStatus.TOO_LONG, whole(new QmtpReader(new Recorder(), 1000), "1:\n,0:,99999999999"));
    }

    @Test
    void eofBetweenPackagesIsKnown() {
        QmtpReader reader = new QmtpReader(new Recorder(), 1000);
        assertTrue(reader.betweenPackages());
        reader.feed(bytes("1"), 0, 1);
        assertEquals(false, reader.betweenPackages());
    }
}

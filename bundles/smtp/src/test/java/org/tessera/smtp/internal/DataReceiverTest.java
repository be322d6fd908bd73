package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** qmail-smtpd's blast(): the stored form, the end of DATA, bare LF and the hop count. */
class DataReceiverTest {

    private record Fed(DataReceiver.Progress progress, String stored, int consumed, int hops) {
    }

    private static Fed feed(String wire, int chunk) {
        byte[] bytes = wire.getBytes(StandardCharsets.ISO_8859_1);
        DataReceiver receiver = new DataReceiver();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int from = 0; from < bytes.length; from += chunk) {
            int to = Math.min(bytes.length, from + chunk);
            byte[] piece = new byte[to - from + 2];
            DataReceiver.Progress p = receiver.feed(bytes, from, to, piece);
            out.write(piece, 0, receiver.written());
            if (p != DataReceiver.Progress.MORE) {
                return new Fed(p, out.toString(StandardCharsets.ISO_8859_1), receiver.consumed(), receiver.hops());
            }
        }
        return new Fed(DataReceiver.Progress.MORE, out.toString(StandardCharsets.ISO_8859_1), 0, receiver.hops());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'a\\r\\nb\\r\\n.\\r\\n'|'a\\nb\\n'",
        "'.\\r\\n'|''",
        "'..x\\r\\n.\\r\\n'|'.x\\n'",
        "'.x\\r\\n.\\r\\n'|'x\\n'",
        "'a\\rb\\r\\n.\\r\\n'|'a\\rb\\n'",
        "'a\\r\\r\\n.\\r\\n'|'a\\r\\n'",
        "'.\\rx\\r\\n.\\r\\n'|'.\\rx\\n'",
        "'x\\r\\n.\\r\\r\\n.\\r\\n'|'x\\n.\\r\\n'",
        "'8bit \\u00e9\\u0000\\r\\n.\\r\\n'|'8bit \\u00e9\\u0000\\n'",
    })
    void storesQmailsForm(String wire, String stored) {
        for (int chunk : new int[] {1, 2, 3, 1000}) {
            Fed fed = feed(unescape(wire), chunk);
            assertEquals(DataReceiver.Progress.END, fed.progress(), "chunk " + chunk);
            assertEquals(unescape(stored), fed.stored(), "chunk " + chunk);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(quoteCharacter = '\'', value = {"'a\\nb'", "'a\\r\\n\\n'", "'a\\r\\n.\\n'", "'\\n'", "'x\\r\\n.\\nSMUGGLED\\r\\n.\\r\\n'"})
    void bareLineFeedIsRefused(String wire) {
        assertEquals(DataReceiver.Progress.BARE_LF, feed(unescape(wire), 1000).progress());
    }

    /**
     * The SMTP smuggling family (SEC Consult, 2023): what some server takes for the end of DATA, followed by a
     * second transaction. qmail's rule gives one of two outcomes, in any chunks: a bare LF refused (the session
     * answers 451 and ends), or the text kept as data and only the final CR LF . CR LF ending the message.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'\\n.\\n'|BARE_LF", "'\\r\\n.\\n'|BARE_LF", "'\\n.\\r\\n'|BARE_LF", "'\\n.\\r'|BARE_LF",
        "'\\n\\n'|BARE_LF", "'.\\n'|BARE_LF",
        "'\\r.\\r'|END", "'\\r.\\r\\n'|END", "'\\r\\n.\\r'|END", "'\\r\\n.\\rx'|END",
        "'\\r\\n\\r.\\r\\r\\n'|END", "'\\r\\n.\\r\\r\\n'|END", "'\\r\\n.\\u0000\\r\\n'|END",
        "'\\r\\n\\u0000.\\r\\n'|END", "'\\r\\n..\\r\\n'|END", "'\\r\\n .\\r\\n'|END", "'.\\r\\n'|END",
        "'\\r\\r.\\r\\r'|END",
    })
    void smugglingEndingsAreRefusedOrKeptAsDataNeverASecondMessage(String ending, DataReceiver.Progress outcome) {
        String smuggled = "MAIL FROM:<s@b.test>\r\nRCPT TO:<v@y.test>\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled";
        String wire = "Subject: outer\r\n\r\nouter" + unescape(ending) + smuggled + "\r\n.\r\nQUIT\r\n";
        for (int chunk : new int[] {1, 2, 3, 5, 1000}) {
            Fed fed = feed(wire, chunk);
            assertEquals(outcome, fed.progress(), "chunk " + chunk);
            if (outcome == DataReceiver.Progress.END) {
                // The one end is the last dot line: the smuggled commands are message text, QUIT is left as a command.
                assertEquals(wire.length() - "QUIT\r\n".length(), fed.consumed(), "chunk " + chunk);
                assertTrue(fed.stored().contains("MAIL FROM:<s@b.test>\nRCPT TO:<v@y.test>\nDATA\n"), fed.stored());
                assertTrue(fed.stored().endsWith("\nsmuggled\n"), fed.stored());
            }
        }
    }

    @Test
    void carriageReturnDotCarriageReturnDoesNotEndTheMessage() {
        Fed fed = feed("one\r.\rtwo\r\n.\r\n", 1000);
        assertEquals(DataReceiver.Progress.END, fed.progress());
        assertEquals("one\r.\rtwo\n", fed.stored());
    }

    @Test
    void bytesAfterTheDotAreLeftForTheNextCommand() {
        Fed fed = feed("x\r\n.\r\nQUIT\r\n", 1000);
        assertEquals("x\r\n.\r\n".length(), fed.consumed());
    }

    @Test
    void hopsAreCountedInTheHeaderOnly() {
        String header = "Received: a\r\nRECEIVED: b\r\nDelivered-To: c\r\nReceived-SPF: d\r\nX-Received: no\r\n";
        Fed fed = feed(header + "\r\nReceived: in the body\r\n.\r\n", 7);
        assertEquals(4, fed.hops());
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\u00e9", "\u00e9").replace("\\u0000", "\0");
    }
}

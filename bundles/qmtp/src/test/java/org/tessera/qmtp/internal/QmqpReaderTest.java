package org.tessera.qmtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.qmtp.internal.QmtpReaderTest.Recorder;

/** A QMQP package as qmail-qmqpd reads it: one netstring whose length bounds everything inside. */
class QmqpReaderTest {

    private static ReadStatus read(Recorder r, String input, boolean split) {
        QmqpReader reader = new QmqpReader(r);
        byte[] b = input.getBytes(StandardCharsets.ISO_8859_1);
        if (!split) {
            reader.feed(b, 0, b.length);
        }
        for (int i = 0; split && i < b.length && reader.status() == ReadStatus.READING; i++) {
            reader.feed(b, i, i + 1);
        }
        return reader.status();
    }

    private static String ns(String s) {
        return s.length() + ":" + s + ",";
    }

    @Test
    void thePackageGivesTheMessageVerbatimThenSenderThenRecipients() {
        for (boolean split : new boolean[] {false, true}) {
            Recorder r = new Recorder();
            String inner = ns("a\r\nb\r\n") + ns("s@b") + ns("u@x.t") + ns("");
            assertEquals(ReadStatus.PACKAGE_DONE, read(r, inner.length() + ":" + inner + ",", split));
            assertEquals(List.of("start 6", "message a\r\nb\r\n", "sender s@b", "rcpt u@x.t", "rcpt ", "end"), r.events);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\n.\n", "\r\n.\r\n", "\n.\r\n", "\r\n.\n", "\r.\r", "\r\n.\r", "\n.\r", ".\r\n", "\r\n.\u0000\r\n"})
    void aDotLineOfAnyKindIsMessageTextAndNeverEndsThePackage(String ending) {
        // Only the lengths frame a QMQP package: an SMTP ending and a second package's bytes inside the message are its text.
        String message = "Subject: outer" + ending + ns(ns("x\n") + ns("s@b") + ns("v@y.z")) + ending;
        for (boolean split : new boolean[] {false, true}) {
            Recorder r = new Recorder();
            String inner = ns(message) + ns("o@b") + ns("u@x.y");
            assertEquals(ReadStatus.PACKAGE_DONE, read(r, inner.length() + ":" + inner + ",", split));
            assertEquals(List.of("start " + message.length(), "message " + message, "sender o@b", "rcpt u@x.y", "end"), r.events);
        }
    }

    @Test
    void noRecipientsAndEmptyMessageAreAPackage() {
        Recorder r = new Recorder();
        assertEquals(ReadStatus.PACKAGE_DONE, read(r, "6:0:,0:,,", false));
        assertEquals(List.of("start 0", "message ", "sender ", "end"), r.events);
    }

    @Test
    void longAddressesAreSkipped() {
        Recorder r = new Recorder();
        String inner = "0:,1000:" + "s".repeat(1000) + ",";
        assertEquals(ReadStatus.PACKAGE_DONE, read(r, inner.length() + ":" + inner + ",", false));
        assertEquals("sender null", r.events.get(2));
    }

    @Test
    void readingPastTheOuterLengthOrAMissingCommaIsAProtocolError() {
        for (String bad : List.of("x:", "0:,", "5:6:abcdef,,", "8:2:ab,0:,5:abcde,,", "9:2:ab;0:,,", "10:2:ab,0:,;",
                "8:2:ab,0:;;", "6:0:,0:,;", "0".repeat(101))) {
            assertEquals(ReadStatus.BAD_PROTOCOL, read(new Recorder(), bad, false), bad);
            assertEquals(ReadStatus.BAD_PROTOCOL, read(new Recorder(), bad, true), bad);
        }
        assertEquals(ReadStatus.TOO_LONG, read(new Recorder(), "9999999999:", false));
    }
}

package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

class TransmittedMessageTest {

    /** The answer as the stream makes it, which must be what the whole-message path makes too. */
    private static String sent(String file, long bodyLines) throws IOException {
        byte[] bytes = file.getBytes(StandardCharsets.ISO_8859_1);
        String whole = new String(TransmittedMessage.whole(new byte[0], bytes, bodyLines), StandardCharsets.ISO_8859_1);
        try (InputStream in = new TransmittedMessage(new byte[0], new ByteArrayInputStream(bytes), bodyLines, () -> { })) {
            String streamed = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(whole, streamed, "held whole and streamed alike");
            return streamed;
        }
    }

    @Test
    void linesGetCrlfAndTheEndIsAnEmptyLineAndADot() throws IOException {
        assertEquals("Subject: a\r\n\r\nbody\r\n\r\n.\r\n", sent("Subject: a\n\nbody\n", -1));
    }

    @Test
    void linesStartingWithADotGetAnother() throws IOException {
        assertEquals("X: y\r\n\r\n..\r\n...z\r\n\r\n.\r\n", sent("X: y\n\n.\n..z\n", -1));
    }

    @Test
    void aFinalPartialLineGetsItsCrlf() throws IOException {
        assertEquals("X: y\r\n\r\nno newline\r\n\r\n.\r\n", sent("X: y\n\nno newline", -1));
    }

    @Test
    void anEmptyFileIsJustTheEnd() throws IOException {
        assertEquals("\r\n.\r\n", sent("", -1));
    }

    @Test
    void crlfOnDiskGoesOutAsOneCrlf() throws IOException {
        assertEquals("A: b\r\n\r\nbody\r\n\r\n.\r\n", sent("A: b\r\n\r\nbody\n", -1));
        assertEquals("A: b\r\n\r\none\r\n\r\n.\r\n", sent("A: b\r\n\r\none\r\ntwo\r\n", 1));
    }

    @Test
    void aBareCrEndsALineSoADotAfterItIsStuffedAndNeverEndsTheAnswer() throws IOException {
        // Smuggling towards the client: "x CR . CR" must not read as the end to one that splits at CR.
        String smuggled = "S: x\n\nx\r.\r+OK injected\r\n.\r\n";
        String out = sent(smuggled, -1);
        assertEquals("S: x\r\n\r\nx\r\n..\r\n+OK injected\r\n..\r\n\r\n.\r\n", out);
        for (String line : out.substring(0, out.length() - 5).split("\r\n|\r|\n")) {
            assertTrue(!line.equals("."), "no lone dot before the end: " + out);
        }
    }

    @Test
    void aCrLfSplitBetweenTwoPiecesIsStillOneLineEnd() {
        byte[] in = "A: b\r\n\r\n.x\r\ny\r".getBytes(StandardCharsets.ISO_8859_1);
        Blast blast = new Blast(-1);
        byte[] out = new byte[Blast.room(in.length)];
        int o = 0;
        for (int i = 0; i < in.length; i++) {
            o = blast.piece(in, i, i + 1, out, o);
        }
        o = blast.endOfInput(out, o);
        assertEquals("A: b\r\n\r\n..x\r\ny\r\n\r\n.\r\n", new String(out, 0, o, StandardCharsets.ISO_8859_1));
    }

    @Test
    void topSendsTheHeaderTheSeparatorAndNBodyLines() throws IOException {
        String message = "A: 1\nB: 2\n\none\ntwo\n\nfour\n";
        assertEquals("A: 1\r\nB: 2\r\n\r\n\r\n.\r\n", sent(message, 0));
        assertEquals("A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n\r\n.\r\n", sent(message, 2));
        assertEquals("A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n\r\n\r\n.\r\n", sent(message, 3));
        assertEquals(sent(message, -1), sent(message, 100));
    }

    @Test
    void bigMessagesComeInPiecesAndTheFileIsClosed() throws IOException {
        StringBuilder body = new StringBuilder("S: x\n\n");
        for (int i = 0; i < 20_000; i++) {
            body.append(i % 7 == 0 ? "." : "").append("line ").append(i).append('\n');
        }
        AtomicBoolean closed = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        InputStream file = new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        String out;
        try (InputStream in = new TransmittedMessage(Replies.OK, file, -1, reads::incrementAndGet)) {
            byte[] buffer = new byte[1000];
            StringBuilder all = new StringBuilder();
            for (int n; (n = in.read(buffer, 0, buffer.length)) >= 0;) {
                all.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            }
            out = all.toString();
        }
        String expected = "+OK \r\n" + body.toString().replace("\n.", "\n..").replace("\n", "\r\n") + "\r\n.\r\n";
        assertEquals(expected, out);
        assertTrue(closed.get());
        assertTrue(reads.get() > 10, "the file is read a buffer at a time, the clock told each time");
        assertEquals(expected, new String(TransmittedMessage.whole(Replies.OK,
                body.toString().getBytes(StandardCharsets.ISO_8859_1), -1), StandardCharsets.ISO_8859_1));
    }
}

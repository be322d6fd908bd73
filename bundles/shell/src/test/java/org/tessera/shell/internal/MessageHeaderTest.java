package org.tessera.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class MessageHeaderTest {

    static MessageHeader read(String message, int limit) throws IOException {
        return MessageHeader.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)), limit);
    }

    @Test
    void stopsAtTheEmptyLineAndNeverReadsTheBody() throws IOException {
        byte[] message = "Received: from x\n\tby y\nSubject: hi\n\nsecret body\n".getBytes(StandardCharsets.US_ASCII);
        CountingStream in = new CountingStream(message);
        MessageHeader header = MessageHeader.read(in, 1000);
        assertEquals(List.of("Received: from x", "\tby y", "Subject: hi"), header.lines());
        assertFalse(header.truncated());
        assertEquals(message.length - "secret body\n".length(), in.taken, "bytes read");
    }

    @Test
    void crlfLineEndsAreUnderstood() throws IOException {
        MessageHeader header = read("Subject: a\r\nFrom: b\r\n\r\nbody\r\n", 1000);
        assertEquals(List.of("Subject: a", "From: b"), header.lines());
    }

    @Test
    void aMessageWithoutBodyIsAllHeader() throws IOException {
        assertEquals(List.of("Subject: a", "From: b"), read("Subject: a\nFrom: b", 1000).lines());
        assertEquals(List.of(), read("", 1000).lines());
        assertEquals(List.of(), read("\nbody only\n", 1000).lines());
    }

    @Test
    void stopsAtTheLimit() throws IOException {
        String big = "X-Long: " + "a".repeat(200) + "\nSubject: later\n\nbody\n";
        MessageHeader header = read(big, 20);
        assertTrue(header.truncated());
        assertEquals(List.of("X-Long: aaaaaaaaaaaa"), header.lines());
        CountingStream in = new CountingStream(big.getBytes(StandardCharsets.US_ASCII));
        MessageHeader.read(in, 20);
        assertEquals(20, in.taken);
    }

    @Test
    void controlCharactersAreMadeHarmlessAndUtf8Decoded() throws IOException {
        MessageHeader header = read("Subject: \u001b[31mred\u0007 \u00e9t\u00e9\tok\n\n", 1000);
        assertEquals(List.of("Subject: _[31mred_ \u00e9t\u00e9\tok"), header.lines());
    }

    /** A stream that counts the bytes taken from it. */
    static final class CountingStream extends InputStream {
        private final byte[] bytes;
        int taken;

        CountingStream(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            return taken < bytes.length ? bytes[taken++] & 0xff : -1;
        }
    }
}

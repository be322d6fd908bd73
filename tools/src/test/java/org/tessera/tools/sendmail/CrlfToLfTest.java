package org.tessera.tools.sendmail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** CRLF becomes LF, however the input arrives in pieces; every other byte, a lone CR too, stays. */
class CrlfToLfTest {

    private static String converted(InputStream in, int chunk) throws IOException {
        CrlfToLf lines = new CrlfToLf(in);
        StringBuilder out = new StringBuilder();
        byte[] buffer = new byte[chunk];
        for (int n; (n = lines.read(buffer, 0, chunk)) >= 0;) {
            out.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
        }
        return out.toString();
    }

    /** Hands out its bytes at most one at a time, as a pipe may. */
    private static InputStream trickle(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void phpsHeaderLinesBecomeQmailsLines() throws IOException {
        String php = "To: a@example.com\r\nSubject: s\r\n\r\nbody\n\r\n";
        String lines = "To: a@example.com\nSubject: s\n\nbody\n\n";
        for (int chunk : new int[] {1, 2, 3, 7, 8192}) {
            assertEquals(lines, converted(new ByteArrayInputStream(php.getBytes(StandardCharsets.ISO_8859_1)), chunk));
            assertEquals(lines, converted(trickle(php), chunk), "chunk " + chunk);
        }
    }

    @Test
    void aLoneCarriageReturnStaysEvenAtTheEnd() throws IOException {
        for (int chunk : new int[] {1, 4, 8192}) {
            assertEquals("a\rb\r\nc\n\r", converted(trickle("a\rb\r\r\nc\n\r"), chunk));
            assertEquals("\r", converted(trickle("\r"), chunk));
            assertEquals("", converted(trickle(""), chunk));
        }
    }
}

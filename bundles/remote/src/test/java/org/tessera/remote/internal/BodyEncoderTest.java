package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The stored message as DATA bytes, whatever the chunks it is read in: every CR, LF and CR LF goes out
 * as one CRLF and every line starting with a dot has it doubled, so no receiver, whichever line end it
 * honours, finds the end of the data inside the message (SMTP smuggling by our own outgoing mail).
 */
class BodyEncoderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // stored form | DATA bytes before the final dot | whole lines
        "'a\\n.\\nb\\n'|'a\\r\\n..\\r\\nb\\r\\n'|true",
        "'a\\r.\\rb\\n'|'a\\r\\n..\\r\\nb\\r\\n'|true",
        "'a\\n.\\r\\nb\\n'|'a\\r\\n..\\r\\nb\\r\\n'|true",
        "'a\\r\\n.\\rb\\n'|'a\\r\\n..\\r\\nb\\r\\n'|true",
        "'a\\r\\n.\\nb\\n'|'a\\r\\n..\\r\\nb\\r\\n'|true",
        "'a\\n.\\rb\\n'|'a\\r\\n..\\r\\nb\\r\\n'|true",
        "'a\\r\\r\\n.\\r\\r\\nb\\n'|'a\\r\\n\\r\\n..\\r\\n\\r\\nb\\r\\n'|true",
        "'.\\n'|'..\\r\\n'|true",
        "'.\\r'|'..\\r\\n'|false",
        "'..\\n.x\\n'|'...\\r\\n..x\\r\\n'|true",
        "'a\\n.\\u0000\\nb\\n'|'a\\r\\n..\\u0000\\r\\nb\\r\\n'|true",
        "'a\\u0000.\\n'|'a\\u0000.\\r\\n'|true",
        "'x\\r.\\rMAIL FROM:<s@x>\\rRCPT TO:<v@y>\\rDATA\\r\\r.\\r\\n'"
            + "|'x\\r\\n..\\r\\nMAIL FROM:<s@x>\\r\\nRCPT TO:<v@y>\\r\\nDATA\\r\\n\\r\\n..\\r\\n'|true",
        "'one\\ntwo'|'one\\r\\ntwo'|false",
        "'one\\ntwo\\r'|'one\\r\\ntwo\\r\\n'|false",
    })
    void everyLineEndIsCrlfAndEveryLeadingDotDoubledInAnyChunks(String stored, String data, boolean wholeLines) {
        byte[] bytes = unescape(stored).getBytes(StandardCharsets.ISO_8859_1);
        for (int chunk : new int[] {1, 2, 3, bytes.length}) {
            BodyEncoder encoder = new BodyEncoder();
            ByteBuf out = Unpooled.buffer();
            for (int from = 0; from < bytes.length; from += chunk) {
                byte[] piece = java.util.Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + chunk));
                encoder.encode(piece, piece.length, out);
            }
            assertEquals(unescape(data), out.toString(StandardCharsets.ISO_8859_1), "chunk " + chunk);
            assertEquals(wholeLines, encoder.atLineEnd(), "chunk " + chunk);
        }
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\0");
    }
}

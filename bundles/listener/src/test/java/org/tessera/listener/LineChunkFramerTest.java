package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** The framer hands over whole lines together, long runs in pieces, and keeps every byte. */
class LineChunkFramerTest {

    private static List<String> frames(int maxChunk, String... writes) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new LineChunkFramer(maxChunk).create(channel.pipeline()));
        for (String w : writes) {
            channel.writeInbound(Unpooled.copiedBuffer(w, StandardCharsets.ISO_8859_1));
        }
        List<String> out = new ArrayList<>();
        for (ByteBuf b; (b = channel.readInbound()) != null;) {
            out.add(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return out;
    }

    @Test
    void wholeLinesThatArrivedTogetherGoTogether() {
        assertEquals(List.of("MAIL FROM:<a>\r\nRCPT TO:<b>\r\n"), frames(100, "MAIL FROM:<a>\r\nRCPT TO:<b>\r\nDA"));
    }

    @Test
    void anUnfinishedLineWaitsForItsEnd() {
        assertEquals(List.of("DATA\r\n"), frames(100, "DA", "TA\r\n"));
    }

    @Test
    void aBareLineFeedIsKept() {
        assertEquals(List.of("a\nb\r\n"), frames(100, "a\nb\r\n"));
    }

    @Test
    void longRunsComeInPiecesOfAtMostTheLimit() {
        assertEquals(List.of("0123456789", "abcd\n"), frames(10, "0123456789abcd\n"));
        assertEquals(List.of("12345\n", "6789\n"), frames(10, "12345\n6789\n"));
    }
}

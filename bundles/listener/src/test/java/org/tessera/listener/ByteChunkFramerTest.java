package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/** The framer hands over what arrived at once, without waiting for a line end, in bounded pieces. */
class ByteChunkFramerTest {

    private static List<String> frames(int maxChunk, String... writes) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast(new ByteChunkFramer(maxChunk).create(channel.pipeline()));
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
    void bytesWithoutALineEndAreHandedOverAtOnce() {
        assertEquals(List.of("3:abc,", "0:,"), frames(100, "3:abc,", "0:,"));
    }

    @Test
    void longRunsComeInPiecesOfAtMostTheLimit() {
        assertEquals(List.of("0123", "4567", "89"), frames(4, "0123456789"));
    }
}

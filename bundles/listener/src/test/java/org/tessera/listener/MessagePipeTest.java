package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

/** The DATA stream: bytes in order, back-pressure around the high-water mark, failure reaches the reader. */
class MessagePipeTest {

    private final List<Boolean> flow = new ArrayList<>();

    @Test
    void readerGetsEveryByteThenEndOfStream() throws Exception {
        MessagePipe pipe = new MessagePipe(1024, flow::add);
        CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
            try {
                return pipe.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        pipe.put("hello ".getBytes());
        pipe.put("world".getBytes());
        pipe.finish();
        assertArrayEquals("hello world".getBytes(), read.get());
    }

    @Test
    void overHighWaterTheClientIsPausedUntilTheReaderDrainsHalf() throws Exception {
        MessagePipe pipe = new MessagePipe(100, flow::add);
        pipe.put(new byte[60]);
        assertEquals(List.of(), flow);
        pipe.put(new byte[60]);
        assertEquals(List.of(false), flow);
        byte[] buffer = new byte[30];
        assertEquals(30, pipe.read(buffer, 0, 30));
        assertEquals(30, pipe.read(buffer, 0, 30));
        assertEquals(List.of(false), flow, "60 bytes still wait: above half");
        assertEquals(30, pipe.read(buffer, 0, 30));
        assertEquals(List.of(false, true), flow);
    }

    @Test
    void failureReachesTheReaderAndReleasesTheClient() {
        MessagePipe pipe = new MessagePipe(10, flow::add);
        pipe.put(new byte[20]);
        pipe.fail("client disconnected during DATA");
        IOException e = assertThrows(IOException.class, pipe::read);
        assertEquals("client disconnected during DATA", e.getMessage());
        assertEquals(List.of(false, true), flow);
    }
}

package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The bytes after DATA's 354, in pieces as the framer cuts them: the stored message, where it ends
 * and the hop count do not depend on the pieces, a piece never writes more than its documented
 * room, and the message ends only at a CR LF {@code .} CR LF (or a first line of a lone dot).
 */
class DataReceiverFuzzTest {

    private record Received(DataReceiver.Progress progress, byte[] stored, int consumed, int hops) {

        @Override
        public boolean equals(Object other) {
            return other instanceof Received r && progress == r.progress && Arrays.equals(stored, r.stored)
                    && consumed == r.consumed && hops == r.hops;
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(stored);
        }

        @Override
        public String toString() {
            return progress + " consumed " + consumed + " hops " + hops + " stored " + Arrays.toString(stored);
        }
    }

    @FuzzTest
    void messageInPieces(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 32);
        byte[] wire = data.consumeRemainingAsBytes();
        Received whole = receive(wire, Math.max(1, wire.length));
        assertEquals(whole, receive(wire, piece));
        if (whole.progress == DataReceiver.Progress.END) {
            byte[] read = Arrays.copyOf(wire, whole.consumed);
            assertTrue(endsWith(read, "\r\n.\r\n") || Arrays.equals(read, ".\r\n".getBytes()),
                    "DATA ends only at CR LF . CR LF");
        }
    }

    private static Received receive(byte[] wire, int piece) {
        DataReceiver receiver = new DataReceiver();
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        for (int from = 0; from < wire.length; from += piece) {
            int to = Math.min(wire.length, from + piece);
            byte[] out = new byte[to - from + 2];
            DataReceiver.Progress progress = receiver.feed(wire, from, to, out);
            assertTrue(receiver.written() <= out.length);
            stored.write(out, 0, receiver.written());
            if (progress != DataReceiver.Progress.MORE) {
                return new Received(progress, stored.toByteArray(),
                        progress == DataReceiver.Progress.END ? receiver.consumed() : -1, receiver.hops());
            }
        }
        return new Received(DataReceiver.Progress.MORE, stored.toByteArray(), -1, receiver.hops());
    }

    private static boolean endsWith(byte[] bytes, String end) {
        byte[] tail = end.getBytes();
        return bytes.length >= tail.length
                && Arrays.equals(bytes, bytes.length - tail.length, bytes.length, tail, 0, tail.length);
    }
}

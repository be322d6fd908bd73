package org.tessera.remote.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import org.tessera.api.mail.MessageContent;

/**
 * Reads the message for one DATA, a chunk at a time, on the component's reader threads (reading
 * may block, so never on an event loop), and encodes each chunk with {@link BodyEncoder}.
 */
final class BodyReader {

    /** What the session does with each step; called on the reader thread, so it hands over to its loop. */
    interface Sink {
        void chunk(ByteBuf encoded);

        void end(boolean wholeLines);

        void failed(IOException e);
    }

    private static final int CHUNK = 64 * 1024;

    private final MessageContent content;
    private final Executor readers;
    private final ByteBufAllocator allocator;
    private final BodyEncoder encoder = new BodyEncoder();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private byte[] buffer;
    private InputStream in;
    private boolean done;

    BodyReader(MessageContent content, Executor readers, ByteBufAllocator allocator) {
        this.content = content;
        this.readers = readers;
        this.allocator = allocator;
    }

    /** Reads the next chunk (the first opens the message) and hands it to the sink. */
    void next(Sink sink) {
        readers.execute(() -> read(sink));
    }

    /** Closes the message; the stage completes once it is closed, so the caller may complete its own. */
    CompletableFuture<Void> close() {
        try {
            readers.execute(this::closeNow);
        } catch (RejectedExecutionException stopping) {
            closeNow();
        }
        return closed;
    }

    private synchronized void read(Sink sink) {
        if (done) {
            return;
        }
        int n;
        try {
            if (in == null) {
                in = content.open();
                buffer = new byte[CHUNK];
            }
            n = in.read(buffer);
        } catch (IOException e) {
            closeNow();
            sink.failed(e);
            return;
        }
        if (n < 0) {
            closeNow();
            sink.end(encoder.atLineEnd());
            return;
        }
        ByteBuf out = allocator.buffer(n + n / 8 + 16);
        encoder.encode(buffer, n, out);
        sink.chunk(out);
    }

    private synchronized void closeNow() {
        if (done) {
            return;
        }
        done = true;
        try {
            if (in != null) {
                in.close();
            }
        } catch (IOException ignored) {
            // Only read from; nothing to lose.
        } finally {
            closed.complete(null);
        }
    }
}

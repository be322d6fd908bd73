package org.tessera.listener;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * The stream a session hands to {@code MailQueue.inject} (SMTP's DATA, QMTP's and QMQP's message
 * netstring): the session thread puts the message's bytes in, a queue worker reads them out. Bounded without blocking the session
 * thread: when more than {@code highWater} bytes wait, {@code flow} is told to stop reading
 * from the client, and once the reader has taken them below half of that, to go on (netty's
 * back-pressure, so one slow disk or fast client never makes the session thread wait, nor the
 * heap hold a whole message). {@code flow} is called under the pipe's lock, so its calls keep
 * their order; it must only flip a flag.
 */
public final class MessagePipe extends InputStream {

    private final int highWater;
    private final Consumer<Boolean> flow;
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private int buffered;
    private int offset;
    private boolean finished;
    private IOException failure;
    private boolean paused;
    private boolean closed;

    /**
     * @param highWater bytes waiting at most before the writer is told to stop
     * @param flow told {@code false} when the client should not be read for now, {@code true} when it may again
     */
    public MessagePipe(int highWater, Consumer<Boolean> flow) {
        this.highWater = highWater;
        this.flow = flow;
    }

    /** Adds bytes; dropped once the reader has gone away or the message failed. */
    public synchronized void put(byte[] bytes) {
        if (closed || failure != null || finished || bytes.length == 0) {
            return;
        }
        chunks.addLast(bytes);
        buffered += bytes.length;
        notifyAll();
        if (!paused && buffered > highWater) {
            paused = true;
            flow.accept(false);
        }
    }

    /** Ends the message: the reader sees end of stream after the bytes put so far. */
    public synchronized void finish() {
        finished = true;
        notifyAll();
    }

    /** Fails the message: the reader's next read throws, so the queue commits nothing. */
    public synchronized void fail(String why) {
        if (failure == null) {
            failure = new IOException(why);
        }
        release();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        synchronized (this) {
            while (chunks.isEmpty() && !finished && failure == null) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the client");
                }
            }
            if (failure != null) {
                throw failure;
            }
            if (chunks.isEmpty()) {
                return -1;
            }
            byte[] head = chunks.peekFirst();
            n = Math.min(len, head.length - offset);
            System.arraycopy(head, offset, b, off, n);
            offset += n;
            if (offset == head.length) {
                chunks.removeFirst();
                offset = 0;
            }
            buffered -= n;
            if (paused && buffered <= highWater / 2) {
                paused = false;
                flow.accept(true);
            }
        }
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        release();
    }

    // Nothing will read what waits: drop it, and let the client be read again.
    private void release() {
        chunks.clear();
        buffered = 0;
        notifyAll();
        if (paused) {
            paused = false;
            flow.accept(true);
        }
    }
}

package org.tessera.listener;

/**
 * Whether a session reads its client: not while it waits for an answer it asked for (the queue's, after
 * a message), nor while its {@link MessagePipe} is above its high-water mark. The session's thread holds
 * and releases the first; the pipe's flow callback, on that thread or a queue worker, sets the second.
 * A session starts held, until its greeting. The gate also keeps the session's idle clock: time since the
 * client last sent something or the server last let it go on, which the session's timeout and the
 * listener's relief thread (making room for waiting connections) both read.
 */
public final class ReadGate {

    private final ChannelTransport transport;
    private volatile boolean held = true;
    // Guarded by this: the pipe calls from a queue worker too.
    private boolean pipeFull;
    private volatile long activeNanos = System.nanoTime();
    private volatile boolean heardFrom;

    public ReadGate(ChannelTransport transport) {
        this.transport = transport;
    }

    /** Whether the session waits for an answer: input read meanwhile is kept for later. */
    public boolean isHeld() {
        return held;
    }

    /** Stops reading until {@link #release}: the session waits for an answer. */
    public void hold() {
        held = true;
        apply();
    }

    /** Reads again, unless the pipe is full; the client's idle time starts now. */
    public void release() {
        held = false;
        activeNanos = System.nanoTime();
        apply();
    }

    /** The client sent something: its idle time starts again. */
    public void heard() {
        activeNanos = System.nanoTime();
        heardFrom = true;
    }

    /** How long the client has left the session with nothing to do; 0 while the server holds it back. */
    public long idleNanos() {
        return heldBack() ? 0 : System.nanoTime() - activeNanos;
    }

    /** Whether the client has sent nothing yet. */
    public boolean silent() {
        return !heardFrom;
    }

    /** The {@link MessagePipe}'s flow callback: only flips the flag (it is called under the pipe's lock). */
    public void pipeFlow(boolean readable) {
        synchronized (this) {
            if (pipeFull && readable) {
                activeNanos = System.nanoTime();
            }
            pipeFull = !readable;
        }
        apply();
    }

    /** Whether reading is held back now, by an answer or a full pipe: time the client is not idle. */
    public synchronized boolean heldBack() {
        return held || pipeFull;
    }

    private void apply() {
        boolean readable;
        synchronized (this) {
            readable = !pipeFull && !held;
        }
        transport.setReadable(readable);
    }
}

package org.tessera.listener;

/**
 * Whether a session reads its client: not while it waits for an answer it asked for (the queue's, after
 * a message), nor while its {@link MessagePipe} is above its high-water mark. The session's thread holds
 * and releases the first; the pipe's flow callback, on that thread or a queue worker, sets the second.
 * A session starts held, until its greeting.
 */
public final class ReadGate {

    private final ChannelTransport transport;
    private volatile boolean held = true;
    // Guarded by this: the pipe calls from a queue worker too.
    private boolean pipeFull;

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

    /** Reads again, unless the pipe is full. */
    public void release() {
        held = false;
        apply();
    }

    /** The {@link MessagePipe}'s flow callback: only flips the flag (it is called under the pipe's lock). */
    public void pipeFlow(boolean readable) {
        synchronized (this) {
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

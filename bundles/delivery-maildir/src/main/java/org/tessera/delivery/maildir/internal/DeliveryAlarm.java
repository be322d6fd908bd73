package org.tessera.delivery.maildir.internal;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;

/**
 * qmail-local's alarm for one delivery: when it goes off it closes what the delivery reads and writes,
 * so that a blocked read or write ends with an exception the delivery recognises as the timeout.
 */
final class DeliveryAlarm implements Runnable {

    private volatile boolean expired;
    private volatile Closeable output;
    private volatile Closeable input;
    private volatile ScheduledFuture<?> timer;

    void timer(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    void output(Closeable output) {
        this.output = output;
        if (expired) {
            closeQuietly(output);
        }
    }

    void input(Closeable input) {
        this.input = input;
        if (expired) {
            closeQuietly(input);
        }
    }

    boolean expired() {
        return expired;
    }

    /** Stops the alarm once the delivery is over; the delivery's own code closes what it opened. */
    void disarm() {
        ScheduledFuture<?> t = timer;
        if (t != null) {
            t.cancel(false);
        }
    }

    @Override
    public void run() {
        expired = true;
        closeQuietly(input);
        closeQuietly(output);
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException | RuntimeException e) {
            // the delivery sees its stream closed either way, and reports the timeout
        }
    }
}

package org.tessera.listener;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * Per client address: how many of a listener's connections it holds (serving or waiting for a slot) and
 * how many it opened in the current minute, against the listener's limits (0: none), as Postfix's anvil
 * counts them. Not thread-safe: {@link TcpServer} calls it under its admission lock. Addresses with no
 * connection left and no count in the current minute are forgotten, so memory follows the clients
 * actually there.
 */
final class AddressLimits {

    private static final long MINUTE_NANOS = 60_000_000_000L;

    private static final class Counts {
        int open;
        long minuteStart;
        int openedThisMinute;
    }

    private final IntSupplier maxOpen;
    private final IntSupplier maxPerMinute;
    private final LongSupplier nanoTime;
    private final Map<String, Counts> byAddress = new HashMap<>();
    private long lastSweepNanos;

    AddressLimits(IntSupplier maxOpen, IntSupplier maxPerMinute, LongSupplier nanoTime) {
        this.maxOpen = maxOpen;
        this.maxPerMinute = maxPerMinute;
        this.nanoTime = nanoTime;
    }

    /**
     * A new connection from {@code address}: counted and null when within the limits, else the limit it
     * passes (then it is not counted).
     */
    String open(String address) {
        long now = nanoTime.getAsLong();
        Counts counts = byAddress.computeIfAbsent(address, a -> new Counts());
        if (now - counts.minuteStart >= MINUTE_NANOS) {
            counts.minuteStart = now;
            counts.openedThisMinute = 0;
        }
        int open = maxOpen.getAsInt();
        int perMinute = maxPerMinute.getAsInt();
        String passed = open > 0 && counts.open >= open ? counts.open + " connections open, the limit is " + open
                : perMinute > 0 && counts.openedThisMinute >= perMinute
                        ? counts.openedThisMinute + " connections this minute, the limit is " + perMinute : null;
        if (passed == null) {
            counts.open++;
            counts.openedThisMinute++;
        } else if (counts.open == 0 && counts.openedThisMinute == 0) {
            byAddress.remove(address);
        }
        return passed;
    }

    /** A connection counted by {@link #open} has ended. */
    void close(String address) {
        Counts counts = byAddress.get(address);
        if (counts != null && --counts.open <= 0 && nanoTime.getAsLong() - counts.minuteStart >= MINUTE_NANOS) {
            byAddress.remove(address);
        }
        long now = nanoTime.getAsLong();
        if (byAddress.size() > 4096 && now - lastSweepNanos >= MINUTE_NANOS) {
            lastSweepNanos = now;
            forgetQuiet(now);
        }
    }

    private void forgetQuiet(long now) {
        for (Iterator<Counts> it = byAddress.values().iterator(); it.hasNext();) {
            Counts counts = it.next();
            if (counts.open <= 0 && now - counts.minuteStart >= MINUTE_NANOS) {
                it.remove();
            }
        }
    }
}

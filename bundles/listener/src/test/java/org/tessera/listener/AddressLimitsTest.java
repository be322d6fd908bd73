package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class AddressLimitsTest {

    private final AtomicLong now = new AtomicLong(5_000_000_000L);
    private final AtomicInteger maxOpen = new AtomicInteger();
    private final AtomicInteger perMinute = new AtomicInteger();
    private final AddressLimits limits = new AddressLimits(maxOpen::get, perMinute::get, now::get);

    @Test
    void withoutLimitsEveryConnectionIsTaken() {
        for (int i = 0; i < 1000; i++) {
            assertNull(limits.open("192.0.2.1"));
        }
    }

    @Test
    void openConnectionsPerAddress() {
        maxOpen.set(2);
        assertNull(limits.open("192.0.2.1"));
        assertNull(limits.open("192.0.2.1"));
        assertEquals("2 connections open, the limit is 2", limits.open("192.0.2.1"));
        assertNull(limits.open("192.0.2.2"), "another address has its own count");
        limits.close("192.0.2.1");
        assertNull(limits.open("192.0.2.1"), "a closed one frees its place");
    }

    @Test
    void connectionsPerMinute() {
        perMinute.set(3);
        for (int i = 0; i < 3; i++) {
            assertNull(limits.open("192.0.2.1"));
            limits.close("192.0.2.1");
        }
        assertEquals("3 connections this minute, the limit is 3", limits.open("192.0.2.1"));
        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        assertNull(limits.open("192.0.2.1"), "a new minute");
    }

    @Test
    void limitsAreAskedAtEachConnection() {
        maxOpen.set(1);
        assertNull(limits.open("192.0.2.1"));
        assertEquals("1 connections open, the limit is 1", limits.open("192.0.2.1"));
        maxOpen.set(0);
        assertNull(limits.open("192.0.2.1"));
    }
}

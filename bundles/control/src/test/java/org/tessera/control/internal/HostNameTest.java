package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class HostNameTest {

    @Test
    void namesAreNames() {
        assertTrue(HostName.isName("mail.example.com"));
        assertTrue(HostName.isName("host1"));
        assertTrue(HostName.isName("1host.example"));
    }

    @Test
    void addressesAndLocalhostAreNot() {
        assertFalse(HostName.isName("127.0.1.1"));
        assertFalse(HostName.isName("192.0.2.1"));
        assertFalse(HostName.isName("::1"));
        assertFalse(HostName.isName("fe80:0:0:0:1%eth0"));
        assertFalse(HostName.isName("localhost"));
        assertFalse(HostName.isName("LOCALHOST.localdomain"));
        assertFalse(HostName.isName(""));
        assertFalse(HostName.isName(null));
    }

    @Test
    void detectionGivesANameQuickly() {
        long start = System.nanoTime();
        String name = HostName.detect(Duration.ofMillis(500));
        long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertFalse(name.isEmpty());
        assertFalse(name.endsWith("."));
        assertTrue(elapsed < 2000, "took " + elapsed + " ms");
    }

    @Test
    void kernelHostNameIsNeverEmpty() {
        assertFalse(HostName.kernelHostName().isEmpty());
    }
}

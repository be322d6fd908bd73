package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tessera.api.maillog.MailLogLine;

class LoginThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(now::get);

    private void limits(int perAddress, int perUser) {
        throttle.configure(new LoginThrottle.Limits(Duration.ofSeconds(1), Duration.ofSeconds(15), perAddress, perUser,
                Duration.ofMinutes(15), Duration.ofMinutes(15), 1000));
    }

    private void advance(Duration by) {
        now.addAndGet(by.toNanos());
    }

    @Test
    void failuresWaitTwiceAsLongEachTimeUpToTheLongestDelay() {
        limits(0, 0);
        long[] seconds = new long[6];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = throttle.failed("192.0.2.1", "joe").toSeconds();
        }
        assertEquals("[1, 2, 4, 8, 15, 15]", java.util.Arrays.toString(seconds));
    }

    @Test
    void theWorseOfAddressAndUserSetsTheDelay() {
        limits(0, 0);
        throttle.failed("192.0.2.1", "joe");
        throttle.failed("192.0.2.1", "joe");
        assertEquals(Duration.ofSeconds(4), throttle.failed("192.0.2.9", "JOE"), "the user counts whatever its case");
        assertEquals(Duration.ofSeconds(4), throttle.failed("192.0.2.1", "sue"), "the address counts for every user");
    }

    @Test
    void anAddressIsLockedOutAtItsLimitAndLetInAgainAfterTheLockout() {
        limits(3, 0);
        for (int i = 0; i < 2; i++) {
            throttle.failed("192.0.2.1", "user" + i);
        }
        assertFalse(throttle.isLockedOut("192.0.2.1", "other"));
        throttle.failed("192.0.2.1", "user2");
        assertTrue(throttle.isLockedOut("192.0.2.1", "other"));
        assertFalse(throttle.isLockedOut("192.0.2.2", "other"), "another address is not");
        advance(Duration.ofMinutes(15).plusSeconds(1));
        assertFalse(throttle.isLockedOut("192.0.2.1", "other"));
    }

    @Test
    void aUserIsLockedOutFromEveryAddress() {
        limits(0, 2);
        throttle.failed("192.0.2.1", "joe");
        throttle.failed("192.0.2.2", "joe");
        assertTrue(throttle.isLockedOut("198.51.100.7", "Joe"));
        assertFalse(throttle.isLockedOut("198.51.100.7", "sue"));
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        limits(0, 2);
        throttle.failed("192.0.2.1", "joe");
        advance(Duration.ofMinutes(16));
        assertEquals(Duration.ofSeconds(1), throttle.failed("192.0.2.1", "joe"));
        assertFalse(throttle.isLockedOut("192.0.2.1", "joe"));
    }

    @Test
    void aGoodLoginForgetsTheUsersFailuresButNotTheAddresss() {
        limits(0, 0);
        throttle.failed("192.0.2.1", "joe");
        throttle.failed("192.0.2.1", "joe");
        throttle.succeeded("joe");
        assertEquals(Duration.ofSeconds(1), throttle.failed("192.0.2.9", "joe"), "the user starts again");
        assertEquals(Duration.ofSeconds(4), throttle.failed("192.0.2.1", "sue"), "the address still had two");
    }

    @Test
    void memoryIsBoundedByForgettingTheLeastRecentlyFailed() {
        throttle.configure(new LoginThrottle.Limits(Duration.ofSeconds(1), Duration.ofSeconds(15), 0, 0,
                Duration.ofMinutes(15), Duration.ofMinutes(15), 4));
        throttle.failed("192.0.2.1", "joe");
        throttle.failed("192.0.2.1", "joe");
        throttle.failed("192.0.2.2", "sue");
        throttle.failed("192.0.2.3", "ann");
        // joe and 192.0.2.1 were the least recently failed of the six entries: forgotten.
        assertEquals(Duration.ofSeconds(1), throttle.failed("192.0.2.1", "joe"));
    }

    @Test
    void theLogLineNamesEverythingButThePasswordOnOneLine() {
        MailLogLine line = LoginThrottle.logLine("submission", false, "jo e\r\nx", "192.0.2.1", "PLAIN", "rejected");
        assertEquals(MailLogLine.Kind.LOGIN, line.kind());
        assertEquals("submission: login failed jo?e??x from 192.0.2.1 mechanism PLAIN: rejected", line.text());
        assertEquals("pop3: login ok joe from 192.0.2.1 mechanism USER",
                LoginThrottle.logLine("pop3", true, "joe", "192.0.2.1", "USER", null).text());
    }
}

package org.tessera.queue.internal.send;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

class RetryScheduleTest {

    private static final long BIRTH = 1_700_000_000L;

    /** Offsets from birth of the first ten retries when every attempt is made on time. */
    private static long[] promptRetries(Channel channel) {
        long[] offsets = new long[10];
        long now = BIRTH;
        for (int i = 0; i < offsets.length; i++) {
            now = RetrySchedule.nextAttempt(channel, BIRTH, now);
            offsets[i] = now - BIRTH;
        }
        return offsets;
    }

    @Test
    void localRetriesAreTenKSquared() {
        // birth + (10k)^2: 100, 400, 900, 1600, 2500 s ...
        long[] expected = {100, 400, 900, 1600, 2500, 3600, 4900, 6400, 8100, 10000};
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(promptRetries(Channel.LOCAL)));
    }

    @Test
    void remoteRetriesAreTwentyKSquared() {
        // birth + (20k)^2: 400, 1600, 3600, 6400, 10000 s ...
        long[] expected = {400, 1600, 3600, 6400, 10000, 14400, 19600, 25600, 32400, 40000};
        assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(promptRetries(Channel.REMOTE)));
    }

    @Test
    void lateAttemptShiftsSequence() {
        // a remote attempt at +450 s -> next at +(floor(sqrt(450))+20)^2 = +(21+20)^2 = +1681 s
        assertEquals(BIRTH + 1681, RetrySchedule.nextAttempt(Channel.REMOTE, BIRTH, BIRTH + 450));
    }

    @Test
    void ageIsFlooredSquareRoot() {
        assertEquals(BIRTH + 19 * 19, RetrySchedule.nextAttempt(Channel.LOCAL, BIRTH, BIRTH + 99));
        assertEquals(BIRTH + 20 * 20, RetrySchedule.nextAttempt(Channel.LOCAL, BIRTH, BIRTH + 100));
    }

    @Test
    void birthInFutureCountsAsAgeZero() {
        assertEquals(BIRTH + 100, RetrySchedule.nextAttempt(Channel.LOCAL, BIRTH, BIRTH - 5000));
        assertEquals(BIRTH + 400, RetrySchedule.nextAttempt(Channel.REMOTE, BIRTH, BIRTH - 1));
    }

    @Test
    void skipConstants() {
        assertEquals(10, RetrySchedule.skip(Channel.LOCAL));
        assertEquals(20, RetrySchedule.skip(Channel.REMOTE));
    }

    @Test
    void integerSquareRootIsExact() {
        assertEquals(0, RetrySchedule.isqrt(0));
        assertEquals(1, RetrySchedule.isqrt(3));
        assertEquals(2, RetrySchedule.isqrt(4));
        long big = 3_037_000_499L;
        assertEquals(big, RetrySchedule.isqrt(big * big));
        assertEquals(big - 1, RetrySchedule.isqrt(big * big - 1));
    }

    @Test
    void expiredOnlyStrictlyAfterLifetime() {
        assertFalse(RetrySchedule.isExpired(BIRTH, BIRTH + 604800, 604800));
        assertTrue(RetrySchedule.isExpired(BIRTH, BIRTH + 604801, 604800));
        assertTrue(RetrySchedule.isExpired(BIRTH, BIRTH + 1, 0));
    }

    @Test
    void oneMoreAttemptAfterExpiry() {
        long lifetime = 604800;
        long now = BIRTH;
        // Walk remote passes on schedule; the first pass after birth + lifetime is the dying one.
        while (!RetrySchedule.isExpired(BIRTH, now, lifetime)) {
            now = RetrySchedule.nextAttempt(Channel.REMOTE, BIRTH, now);
        }
        assertEquals(BIRTH + 780 * 780, now);   // 20k squared: 760^2 = 577600 < 604800 < 608400 = 780^2
        DeliveryReport deferral = new DeliveryReport(Outcome.TEMPORARY, "Connected to 192.0.2.1 but connection died. (#4.4.2)\n");
        DeliveryReport last = RetrySchedule.applyLifetime(deferral, RetrySchedule.isExpired(BIRTH, now, lifetime));
        assertEquals(Outcome.PERMANENT, last.outcome());
    }

    @Test
    void temporaryFailureOfExpiredMessageBecomesPermanent() {
        DeliveryReport r = RetrySchedule.applyLifetime(
                new DeliveryReport(Outcome.TEMPORARY, "Sorry, I couldn't find any host by that name. (#4.1.2)\n"), true);
        assertEquals(new DeliveryReport(Outcome.PERMANENT,
                "Sorry, I couldn't find any host by that name. (#4.1.2)\n"
                        + "I'm not going to try again; this message has been in the queue too long.\n"), r);
    }

    @Test
    void reportWithoutNewlineGetsOneBeforeLifetimeLine() {
        assertEquals("busy\n" + RetrySchedule.TOO_LONG,
                RetrySchedule.applyLifetime(new DeliveryReport(Outcome.TEMPORARY, "busy"), true).text());
        assertEquals(RetrySchedule.TOO_LONG,
                RetrySchedule.applyLifetime(new DeliveryReport(Outcome.TEMPORARY, ""), true).text());
    }

    @Test
    void lifetimeLeavesOtherReportsAlone() {
        DeliveryReport temporary = new DeliveryReport(Outcome.TEMPORARY, "later\n");
        DeliveryReport success = new DeliveryReport(Outcome.SUCCESS, "did 1+0+0\n");
        DeliveryReport permanent = new DeliveryReport(Outcome.PERMANENT, "no mailbox\n");
        assertSame(temporary, RetrySchedule.applyLifetime(temporary, false));
        assertSame(success, RetrySchedule.applyLifetime(success, true));
        assertSame(permanent, RetrySchedule.applyLifetime(permanent, true));
    }
}

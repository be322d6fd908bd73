package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.DeferralReason;

/** A few distinct reasons, each once with its count; the least recently seen make room. */
class RecentDeferralsTest {

    private static final Instant T0 = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void theLeastRecentlySeenReasonsMakeRoomAndOneSeenAgainComesFirst() {
        RecentDeferrals deferrals = new RecentDeferrals();
        for (int i = 0; i < RecentDeferrals.KEPT + 2; i++) {
            deferrals.deferred("reason " + i + "\n", T0.plusSeconds(i));
        }
        deferrals.deferred("reason 2\n", T0.plusSeconds(100));

        List<DeferralReason> recent = deferrals.recent();

        assertEquals(RecentDeferrals.KEPT, recent.size());
        assertEquals(new DeferralReason("reason 2", 2, T0.plusSeconds(100)), recent.get(0));
        assertEquals(new DeferralReason("reason 11", 1, T0.plusSeconds(11)), recent.get(1));
        assertEquals(new DeferralReason("reason 3", 1, T0.plusSeconds(3)), recent.get(RecentDeferrals.KEPT - 1));
    }

    @Test
    void aReportOfSeveralLinesIsOneReasonAsTheMailLogJoinsIt() {
        RecentDeferrals deferrals = new RecentDeferrals();
        deferrals.deferred("Temporary error on maildir delivery. (#4.3.0)\ncannot write tmp/x: out of disk space\n", T0);
        deferrals.deferred("", T0);

        assertEquals(List.of(new DeferralReason("(no text)", 1, T0), new DeferralReason(
                "Temporary error on maildir delivery. (#4.3.0)/cannot write tmp/x: out of disk space", 1, T0)),
                deferrals.recent());
    }
}

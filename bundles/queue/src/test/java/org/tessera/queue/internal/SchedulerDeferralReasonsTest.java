package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.queue.internal.SchedulerFixture.T0;
import static org.tessera.queue.internal.SchedulerFixture.await;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeferralReason;
import org.tessera.api.queue.DeliveryReport.Outcome;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;

/**
 * What keeps mail in the queue, said once: each distinct deferral reason is kept with its count for
 * {@code qmail:stat}, and a channel that throws says what it threw in the mail log instead of a bare
 * "channel failed".
 */
class SchedulerDeferralReasonsTest {

    static final MailAddress SENDER = MailAddress.parse("a@sender.org");
    static final String FULL = "Temporary error on maildir delivery. (#4.3.0)\n";

    @TempDir
    Path home;

    private SchedulerFixture fixture;

    @AfterEach
    void stop() throws InterruptedException {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void eachReasonIsKeptOnceWithItsCountTheLatestFirst() throws Exception {
        fixture = new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0));
        fixture.bind(new TestChannel(Channel.LOCAL, call -> call.to().startsWith("full")
                ? new DeliveryReport(Outcome.TEMPORARY, FULL)
                : new DeliveryReport(Outcome.TEMPORARY, "Unable to run qmail-local for user joe: /srv is not searchable"
                        + " by uid 1001 gid 1001 (mode 0700, owner 0, group 0). (#4.3.0)\n")));
        fixture.inject(SENDER, "full1@example.com", "full2@example.com");
        await("two deferrals", () -> deferrals() == 2);
        fixture.inject(SENDER, "joe@example.com");
        await("three deferrals", () -> deferrals() == 3);

        List<DeferralReason> reasons = fixture.queue.recentDeferrals();
        assertEquals(2, reasons.size(), reasons.toString());
        assertEquals("Unable to run qmail-local for user joe: /srv is not searchable by uid 1001 gid 1001"
                + " (mode 0700, owner 0, group 0). (#4.3.0)", reasons.get(0).reason());
        assertEquals(1, reasons.get(0).count());
        assertEquals("Temporary error on maildir delivery. (#4.3.0)", reasons.get(1).reason());
        assertEquals(2, reasons.get(1).count());
        assertEquals(T0, reasons.get(1).last());
    }

    @Test
    void aChannelThatThrowsIsDeferredWithWhatItThrew() throws Exception {
        fixture = new SchedulerFixture(home, new MemoryControlFiles().locals("example.com"), new MutableClock(T0));
        fixture.bind(new TestChannel(Channel.LOCAL, call -> {
            throw new IllegalStateException("no user processes: setpriv is missing");
        }));
        fixture.inject(SENDER, "b@example.com");
        await("the deferral", () -> deferrals() == 1);

        String line = fixture.log.stream().filter(l -> l.contains(": deferral: ")).findFirst().orElseThrow();
        assertTrue(line.endsWith(": deferral: The_local_delivery_channel_failed:_no_user_processes:_setpriv_is_missing"
                + "_(IllegalStateException);_will_try_again_later._(#4.3.0)/"), line);
        assertEquals("The local delivery channel failed: no user processes: setpriv is missing (IllegalStateException);"
                + " will try again later. (#4.3.0)", fixture.queue.recentDeferrals().get(0).reason());
    }

    private long deferrals() {
        return fixture.log.stream().filter(l -> l.contains(": deferral: ")).count();
    }
}

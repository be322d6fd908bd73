package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL a queue that injects, delivers and bounces 50 times, some kills in the middle of a
 * delivery and of a bounce: every acknowledged message is still delivered (at least once) and
 * bounced where it failed, nothing is stuck, no recovery finds damage.
 */
class DeliveryKillTest {

    @TempDir
    Path dir;

    @Test
    void fiftyKillsDuringDeliveryAndBounceLoseNothingAndLeaveNothingStuck() throws Exception {
        DeliveryKillRun.Report report = DeliveryKillRun.run(dir, Integer.getInteger("tessera.kills", 50));
        System.out.printf("delivery kill test: kills %d (%d during a delivery, %d during a bounce), acknowledged %d, "
                + "delivered %d, bounced %d, duplicates %d, torn %d, lost %d%n", report.kills(),
                report.killsInDelivery(), report.killsInBounce(), report.acknowledged(), report.delivered(),
                report.bounced(), report.duplicates(), report.torn(), report.lost());
        assertEquals(List.of(), report.problems());
        assertTrue(report.kills() >= 50, "fewer than 50 kills");
        assertTrue(report.acknowledged() > 0, "the child never got an injection acknowledged");
        assertTrue(report.delivered() > 0, "nothing was delivered");
        assertTrue(report.bounced() > 0, "nothing was bounced");
        // Without these the kills only ever hit injection, which KillTest covers already.
        assertTrue(report.killsInDelivery() > 0, "no kill hit a running delivery");
        assertTrue(report.killsInBounce() > 0, "no kill hit a running bounce");
    }
}

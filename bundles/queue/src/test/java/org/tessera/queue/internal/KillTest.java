package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 3 point 7: SIGKILL a process injecting under load 50 times; nothing acknowledged may be lost. */
class KillTest {

    @TempDir
    Path dir;

    @Test
    void fiftyKillsLoseNothingAcknowledgedAndLeaveNoDebris() throws Exception {
        KillRun.Report report = KillRun.run(dir, Integer.getInteger("tessera.kills", 50));
        System.out.printf("kill test: kills %d, acknowledged %d, present %d, lost %d%n",
                report.kills(), report.acknowledged(), report.present(), report.lost());
        assertEquals(java.util.List.of(), report.problems());
        assertTrue(report.acknowledged() > 0, "the child never got an injection acknowledged");
        assertTrue(report.kills() >= 50, "fewer than 50 kills");
    }
}

package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.tessera.checkpassword.exec.internal.TestPrograms.bytes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.auth.AuthResult;

/**
 * What one accepted login costs, measured and printed, not asserted (the machine decides): p50 and p99 over
 * sequential checks, through the Python checkpassword and through Debian's checkpw.
 */
@Timeout(300)
class LoginCostTest {

    private static final int WARM_UP = 20;
    private static final int CHECKS = 200;

    @TempDir
    Path dir;

    @Test
    void pythonCheckpassword() throws Exception {
        Path home = TestPrograms.home("cost");
        long[] ids = TestPrograms.isRoot() ? new long[] {65534, 65534} : TestPrograms.ownIds();
        Path table = TestPrograms.table(dir, "alice:horse battery:" + ids[0] + ":" + ids[1] + ":" + home);
        AuthResult expected = new AuthResult(AuthResult.Outcome.ACCEPTED, "alice", ids[0], ids[1], home.toString());
        measure("python3 -S checkpassword.py", TestPrograms.python(table), "alice", "horse battery", expected);
    }

    @Test
    void debianCheckpw() throws Exception {
        assumeTrue(TestPrograms.isRoot() && Files.isExecutable(CheckpwTest.CHECKPW), "needs root and checkpw");
        AuthResult expected = CheckpwTest.account();
        measure("checkpw", CheckpwTest.CHECKPW.toString(), CheckpwTest.ACCOUNT, CheckpwTest.PASSWORD, expected);
    }

    private static void measure(String name, String program, String login, String password, AuthResult expected)
            throws InterruptedException {
        CheckpasswordProgram checker = TestPrograms.checker(TestPrograms.config(program, 10));
        try {
            for (int i = 0; i < WARM_UP; i++) {
                assertEquals(expected, checker.check(login, bytes(password), "<1.2@example.org>"));
            }
            long[] nanos = new long[CHECKS];
            for (int i = 0; i < CHECKS; i++) {
                long start = System.nanoTime();
                AuthResult result = checker.check(login, bytes(password), "<1.2@example.org>");
                nanos[i] = System.nanoTime() - start;
                assertEquals(expected, result);
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "login cost through %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d checks)%n",
                    name, nanos[CHECKS / 2] / 1e6, nanos[CHECKS * 99 / 100 - 1] / 1e6, nanos[CHECKS - 1] / 1e6, CHECKS);
        } finally {
            checker.deactivate();
        }
    }
}

package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.checkpassword.file.internal.PasswordFileCheckerTest.bytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult.Outcome;
import org.tessera.common.passwd.Argon2id;

/**
 * Measures, and reports without asserting, what one login costs with the default Argon2id parameters:
 * one at a time, and 50 at once through the checker's one-hash-per-core limit.
 */
class Argon2idCostTest {

    private static final int WARM_UP = 20;
    private static final int LOGINS = 200;
    private static final int AT_ONCE = 50;

    @TempDir
    Path directory;

    @Test
    void reportsTheCostOfOneLogin() throws Exception {
        Path file = directory.resolve("passwd.tessera");
        Files.writeString(file, "anne:{ARGON2ID}" + Argon2id.create(bytes("correct horse"), new SecureRandom()) + "\n");
        PasswordFileChecker checker = new PasswordFileChecker();
        checker.activate(Converters.standardConverter().convert(Map.of("file", file.toString()))
                .to(PasswordFileCheckerConfiguration.class));

        for (int i = 0; i < WARM_UP; i++) {
            login(checker);
        }
        long[] alone = new long[LOGINS];
        for (int i = 0; i < LOGINS; i++) {
            alone[i] = login(checker);
        }

        ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
        long[] together = new long[AT_ONCE];
        long wall;
        try {
            List<Callable<Long>> logins = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                logins.add(() -> login(checker));
            }
            long start = System.nanoTime();
            List<Future<Long>> results = pool.invokeAll(logins);
            wall = System.nanoTime() - start;
            for (int i = 0; i < AT_ONCE; i++) {
                together[i] = results.get(i).get();
            }
        } finally {
            pool.shutdownNow();
        }

        // A measurement for the README and the release notes, not a test: tests run here print nothing else.
        System.out.printf("argon2id m=%d KiB, t=%d, p=%d on %d cores: one login at a time p50 %.1f ms, p99 %.1f ms;"
                        + " %d at once p50 %.1f ms, p99 %.1f ms, all done in %.1f ms%n",
                Argon2id.MEMORY_KIB, Argon2id.ITERATIONS, Argon2id.PARALLELISM, Runtime.getRuntime().availableProcessors(),
                percentile(alone, 50), percentile(alone, 99), AT_ONCE, percentile(together, 50), percentile(together, 99),
                wall / 1e6);
    }

    private static long login(PasswordFileChecker checker) throws IOException {
        long start = System.nanoTime();
        Outcome outcome = checker.check("anne", bytes("correct horse"), "").outcome();
        long took = System.nanoTime() - start;
        assertEquals(Outcome.ACCEPTED, outcome);
        return took;
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = Math.min(sorted.length - 1, (int) Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[index] / 1e6;
    }
}

package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.checkpassword.exec.internal.TestPrograms.bytes;
import static org.tessera.checkpassword.exec.internal.TestPrograms.checker;
import static org.tessera.checkpassword.exec.internal.TestPrograms.config;
import static org.tessera.checkpassword.exec.internal.TestPrograms.pid;
import static org.tessera.checkpassword.exec.internal.TestPrograms.running;
import static org.tessera.checkpassword.exec.internal.TestPrograms.script;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;

/** Programs that do not end, leave processes behind or are running when the checker stops: a check still ends in time. */
@Timeout(120)
class CheckpasswordTimeoutTest {

    private static final Duration IN_TIME = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<Long> leftBehind = new ArrayList<>();
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void cleanUp() {
        leftBehind.forEach(TestPrograms::kill);
        callers.shutdownNow();
    }

    private AuthResult timed(CheckpasswordProgram checker, Duration limit) {
        long start = System.nanoTime();
        AuthResult result = checker.check("alice", bytes("horse battery"), "");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(limit) < 0, "took " + took);
        return result;
    }

    @Test
    void programThatDoesNotEndIsKilledWithWhatItStartedAfterTheTimeout() throws Exception {
        Path program = script(dir, "sleeper", "echo $$ > " + dir + "/program.pid; trap '' TERM;"
                + " sleep 60 & echo $! > " + dir + "/child.pid; wait; sleep 60");
        CheckpasswordProgram checker = checker(config(program.toString(), 1));
        try {
            assertEquals(AuthResult.TEMPORARY_FAILURE, timed(checker, IN_TIME));
            for (String pidFile : List.of("program.pid", "child.pid")) {
                long pid = pid(dir.resolve(pidFile));
                leftBehind.add(pid);
                assertFalse(running(pid), pidFile + " still running");
            }
        } finally {
            checker.deactivate();
        }
    }

    @Test
    void processLeftBehindHoldingTheOutputDelaysNothingButAMissingReply() throws Exception {
        CheckpasswordProgram checker = checker(config(script(dir, "orphan-reject",
                "sleep 60 & echo $! > " + dir + "/reject.pid; exit 1").toString(), 30));
        try {
            assertEquals(AuthResult.REJECTED, timed(checker, IN_TIME));
            leftBehind.add(pid(dir.resolve("reject.pid")));
            checker.configure(TestPrograms.configuration(config(script(dir, "orphan-accept",
                    "sleep 60 & echo $! > " + dir + "/accept.pid; USER=alice HOME=/ exec \"$@\"").toString(), 30)));
            AuthResult accepted = timed(checker, IN_TIME);
            leftBehind.add(pid(dir.resolve("accept.pid")));
            assertEquals(Outcome.ACCEPTED, accepted.outcome());
            assertEquals("alice", accepted.user());
            // Exit 0 without a reply while the output stays open: only the deadline ends the wait.
            checker.configure(TestPrograms.configuration(config(script(dir, "orphan-silent",
                    "sleep 60 & echo $! > " + dir + "/silent.pid; exit 0").toString(), 1)));
            assertEquals(AuthResult.TEMPORARY_FAILURE, timed(checker, IN_TIME));
            leftBehind.add(pid(dir.resolve("silent.pid")));
        } finally {
            leftBehind.forEach(TestPrograms::kill);
            checker.deactivate();
        }
    }

    @Test
    void stoppingTheCheckerEndsARunningCheckAsTemporary() throws Exception {
        Path program = script(dir, "sleeper", "echo $$ > " + dir + "/program.pid; sleep 60");
        CheckpasswordProgram checker = checker(config(program.toString(), 60));
        CompletableFuture<AuthResult> result = CompletableFuture.supplyAsync(
                () -> checker.check("alice", bytes("horse battery"), ""), callers);
        long pid = pid(dir.resolve("program.pid"));
        leftBehind.add(pid);
        long start = System.nanoTime();
        checker.deactivate();
        assertEquals(AuthResult.TEMPORARY_FAILURE, result.get(IN_TIME.toSeconds(), TimeUnit.SECONDS));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(IN_TIME) < 0, "deactivate took too long");
        assertFalse(running(pid), "the program still runs");
    }

    @Test
    void stoppingTheCheckerEndsAWaitForAReplyThatAProcessLeftBehindHolds() throws Exception {
        Path program = script(dir, "orphan-silent", "sleep 60 & echo $! > " + dir + "/silent.pid; exit 0");
        CheckpasswordProgram checker = checker(config(program.toString(), 60));
        CompletableFuture<AuthResult> result = CompletableFuture.supplyAsync(
                () -> checker.check("alice", bytes("horse battery"), ""), callers);
        leftBehind.add(pid(dir.resolve("silent.pid")));
        Thread.sleep(200);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> {
            try {
                checker.deactivate();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, callers);
        assertEquals(AuthResult.TEMPORARY_FAILURE, result.get(IN_TIME.toSeconds(), TimeUnit.SECONDS));
        // The reader of the output the orphan holds ends when the orphan does; deactivate waits for it, bounded.
        leftBehind.forEach(TestPrograms::kill);
        stopped.get(IN_TIME.toSeconds() + 5, TimeUnit.SECONDS);
    }

    @Test
    void checkAfterTheCheckerStoppedFailsTemporarilyWithoutThrowing() throws Exception {
        CheckpasswordProgram checker = checker(config(script(dir, "reject", "exit 1").toString(), 10));
        checker.deactivate();
        assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("alice", bytes("horse battery"), ""));
    }
}

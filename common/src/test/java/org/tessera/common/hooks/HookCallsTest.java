package org.tessera.common.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HookCallsTest {

    private final HookCalls hooks = new HookCalls("test-hook", 2, Duration.ofMillis(300));

    @AfterEach
    void stop() {
        hooks.shutdown();
    }

    @Test
    void anAnswerComesBack() throws Exception {
        assertEquals("yes", hooks.call("h", () -> "yes").get(5, TimeUnit.SECONDS));
    }

    @Test
    void aThrowingHookIsAFailureNamingIt() {
        HookCalls.HookFailure failure = failureOf(hooks.call("thrower", () -> {
            throw new IllegalStateException("boom");
        }));
        assertTrue(failure.getMessage().contains("thrower"), failure.getMessage());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
    }

    @Test
    void aNullAnswerIsAFailure() {
        assertTrue(failureOf(hooks.call("silent", () -> null)).getMessage().contains("no answer"));
    }

    @Test
    void aHookPastItsDeadlineFailsAtOnceAndIsInterrupted() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        long start = System.nanoTime();
        HookCalls.HookFailure failure = failureOf(hooks.call("sleeper", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        }));
        assertTrue(failure.getMessage().contains("deadline"), failure.getMessage());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30));
        assertTrue(interrupted.await(10, TimeUnit.SECONDS), "the hook's thread was interrupted");
    }

    @Test
    void hooksThatHangOnEveryThreadMakeLaterCallsFailNotWaitForever() {
        CountDownLatch never = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            hooks.call("hung", () -> {
                // Ignores interruption, as a badly written plugin might.
                while (true) {
                    try {
                        never.await();
                        return "never";
                    } catch (InterruptedException ignored) {
                        // keeps hanging
                    }
                }
            });
        }
        HookCalls.HookFailure failure = failureOf(hooks.call("queued", () -> "too late"));
        assertTrue(failure.getMessage().contains("deadline"), failure.getMessage());
        never.countDown();
    }

    @Test
    void theChainStopsAtTheFirstDecidingAnswer() throws Exception {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<String> answer = hooks.firstDeciding(List.of("a", "b", "c"),
                name -> hooks.call(name, () -> {
                    asked.add(name);
                    return name.equals("b") ? "decided by b" : "pass";
                }), result -> !result.equals("pass"), "nobody");
        assertEquals("decided by b", answer.get(5, TimeUnit.SECONDS));
        assertEquals(List.of("a", "b"), asked);
    }

    @Test
    void aChainWithoutDecisionGivesTheUndecidedAnswer() throws Exception {
        assertEquals("nobody", hooks.firstDeciding(List.of("a", "b"), name -> hooks.call(name, () -> "pass"),
                result -> !result.equals("pass"), "nobody").get(5, TimeUnit.SECONDS));
        assertEquals("nobody", hooks.<String, String>firstDeciding(List.of(), name -> hooks.call(name, () -> "x"),
                result -> true, "nobody").get(5, TimeUnit.SECONDS));
    }

    @Test
    void aFailingHookEndsTheChain() {
        List<String> asked = Collections.synchronizedList(new ArrayList<>());
        HookCalls.HookFailure failure = failureOf(hooks.firstDeciding(List.of("a", "b"), name -> hooks.call(name, () -> {
            asked.add(name);
            throw new IllegalStateException(name);
        }), result -> true, "nobody"));
        assertTrue(failure.getMessage().contains("a failed"), failure.getMessage());
        assertEquals(List.of("a"), asked);
    }

    @Test
    void anAnswerFromAHookUnregisteredDuringItsCallIsAFailure() throws Exception {
        List<Object> registered = Collections.synchronizedList(new ArrayList<>(List.of("stopping", "staying")));
        hooks.registration(registered::contains);
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        CompletableFuture<String> answer = hooks.call("stopping", () -> {
            called.countDown();
            stopped.await();
            return "accept";
        });
        called.await();
        registered.remove("stopping");
        stopped.countDown();

        assertTrue(failureOf(answer).getMessage().contains("stopped during the call"));
        assertEquals("accept", hooks.call("staying", () -> "accept").get(5, TimeUnit.SECONDS));
    }

    private static HookCalls.HookFailure failureOf(CompletableFuture<?> call) {
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
        return HookCalls.failureOf(thrown.getCause());
    }
}

package org.tessera.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.common.hooks.HookCalls;

class CheckerChainTest {

    private static final AuthResult JOE = new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 1001, 1001, "/home/joe");

    private final HookCalls calls = new HookCalls("test-checker", 2, Duration.ofMillis(300));

    @AfterEach
    void stop() {
        calls.shutdown();
    }

    private static byte[] password() {
        return "secret".getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRejectionPassesOnAndAnAcceptanceEndsTheChain() {
        List<PasswordChecker> chain = List.of((login, password, timestamp) -> JOE,
                (login, password, timestamp) -> AuthResult.REJECTED);

        assertEquals(JOE, new CheckerChain(() -> chain, calls).check("joe", password(), "").result());
    }

    @Test
    void aCheckerPastTheDeadlineIsATemporaryFailure() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);
        PasswordChecker hanging = (login, password, timestamp) -> {
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return JOE;
        };

        CheckerChain.Answer answer = new CheckerChain(() -> List.of(hanging), calls).check("joe", password(), "");

        assertEquals(AuthResult.TEMPORARY_FAILURE, answer.result());
        assertTrue(answer.crashed() && answer.why().contains("deadline"), answer.why());
        assertTrue(interrupted.await(5, TimeUnit.SECONDS), "the hanging checker is interrupted");
    }

    @Test
    void anAcceptanceFromACheckerStoppedDuringItsCallLetsNobodyIn() throws Exception {
        List<PasswordChecker> registered = new CopyOnWriteArrayList<>();
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        PasswordChecker stopping = (login, password, timestamp) -> {
            called.countDown();
            try {
                stopped.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return JOE;
        };
        registered.add(stopping);
        List<CheckerChain.Answer> answers = new ArrayList<>();
        Thread login = new Thread(() -> answers.add(new CheckerChain(() -> registered).check("joe", password(), "")));
        login.start();
        called.await();
        registered.remove(stopping);
        stopped.countDown();
        login.join();

        assertEquals(AuthResult.TEMPORARY_FAILURE, answers.get(0).result());
        assertTrue(answers.get(0).why().contains("stopped during the call"), answers.get(0).why());
    }
}

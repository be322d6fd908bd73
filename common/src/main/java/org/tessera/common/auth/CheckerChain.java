package org.tessera.common.auth;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.common.hooks.HookCalls;

/**
 * Asks the {@link PasswordChecker}s as the API orders them: highest {@code service.ranking} first; a
 * rejection passes on, an acceptance or a temporary failure ends the search. A checker that throws ends
 * the search as qmail-popup's crashed child. With no checker at all the answer is a temporary failure:
 * a missing plugin defers, it never turns a good password away for good (nor lets anyone in).
 */
public final class CheckerChain {

    /** What the chain said, and why, for the log. */
    public record Answer(AuthResult result, boolean crashed, String why) {
    }

    private final Supplier<List<PasswordChecker>> checkers;
    private final HookCalls calls;

    /**
     * A chain whose caller keeps the time: each checker is called on the caller's thread.
     *
     * @param checkers the checkers now, lowest ranking first (as DS sorts a dynamic field's list)
     */
    public CheckerChain(Supplier<List<PasswordChecker>> checkers) {
        this(checkers, null);
    }

    /**
     * A chain that calls each checker with the deadline of {@code calls}: one that passes it is a
     * temporary failure and is interrupted.
     *
     * @param checkers the checkers now, lowest ranking first (as DS sorts a dynamic field's list)
     * @param calls the threads and deadline of the calls, or null to call on the caller's thread
     */
    public CheckerChain(Supplier<List<PasswordChecker>> checkers, HookCalls calls) {
        this.checkers = checkers;
        this.calls = calls;
    }

    /** Checks one login; clears {@code password} before it returns. */
    public Answer check(String login, byte[] password, String timestamp) {
        try {
            List<PasswordChecker> chain = checkers.get();
            if (chain.isEmpty()) {
                return new Answer(AuthResult.TEMPORARY_FAILURE, false, "no password checker is running");
            }
            for (int i = chain.size() - 1; i >= 0; i--) {
                PasswordChecker checker = chain.get(i);
                AuthResult result;
                byte[] copy = password.clone();
                try {
                    result = calls == null ? checker.check(login, copy, timestamp)
                            : calls.call(checker, () -> checker.check(login, copy, timestamp)).join();
                } catch (CompletionException e) {
                    return new Answer(AuthResult.TEMPORARY_FAILURE, true, HookCalls.failureOf(e).getMessage());
                } catch (RuntimeException e) {
                    return new Answer(AuthResult.TEMPORARY_FAILURE, true,
                            "password checker " + checker.getClass().getName() + " failed: " + e);
                } finally {
                    Arrays.fill(copy, (byte) 0);
                }
                if (result == null) {
                    return new Answer(AuthResult.TEMPORARY_FAILURE, true, "password checker gave no answer");
                }
                // A checker stopped while it checked may answer anything: its "accepted" lets nobody in.
                if (!checkers.get().contains(checker)) {
                    return new Answer(AuthResult.TEMPORARY_FAILURE, true,
                            "password checker " + checker.getClass().getName() + " was stopped during the call");
                }
                switch (result.outcome()) {
                    case ACCEPTED:
                        return new Answer(result, false, "accepted");
                    case TEMPORARY_FAILURE:
                        return new Answer(result, false, "temporary failure");
                    case REJECTED:
                    default:
                        break;
                }
            }
            return new Answer(AuthResult.REJECTED, false, "rejected");
        } finally {
            Arrays.fill(password, (byte) 0);
        }
    }
}

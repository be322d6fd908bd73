package org.tessera.smtp.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.Verdict;
import org.tessera.common.hooks.HookCalls;

/**
 * What the dialogue asks the policy hooks beyond qmail (HELO, MAIL) and instead of its
 * {@code rcpthosts} test (RCPT). Each chain is asked off the session's thread, highest ranking
 * first, and the first answer with an opinion decides. A hook that throws or passes its deadline
 * answers with the step's temporary failure, so the session always gets a verdict to reply with.
 */
final class HookQuestions {

    static final Verdict RELAY_CHECK_FAILED = new Verdict(Verdict.Outcome.DEFER, 451,
            "relay policy failed; try again later (#4.3.0)");
    static final Verdict HELO_CHECK_FAILED = new Verdict(Verdict.Outcome.DEFER, 451,
            "HELO check failed; try again later (#4.3.0)");
    static final Verdict SENDER_CHECK_FAILED = new Verdict(Verdict.Outcome.DEFER, 451,
            "sender check failed; try again later (#4.3.0)");

    private final SmtpListener listener;

    HookQuestions(SmtpListener listener) {
        this.listener = listener;
    }

    /** Whether a HELO policy runs; without one the greeting is taken as qmail takes it. */
    boolean asksAboutHelo() {
        return !listener.heloPolicies().isEmpty();
    }

    /** Whether a sender policy runs; without one the sender is taken as qmail takes it. */
    boolean asksAboutSender() {
        return !listener.senderPolicies().isEmpty();
    }

    CompletableFuture<Verdict> helo(MailTransaction before, String name) {
        return firstOpinion(listener.heloPolicies(), policy -> policy.check(before, name), HELO_CHECK_FAILED);
    }

    CompletableFuture<Verdict> sender(MailTransaction before, MailAddress sender) {
        return firstOpinion(listener.senderPolicies(), policy -> policy.check(before, sender), SENDER_CHECK_FAILED);
    }

    /** Without a relay policy the answer is {@link Verdict#NO_OPINION}: nothing is relayed then. */
    CompletableFuture<Verdict> relay(MailTransaction before, MailAddress recipient) {
        return firstOpinion(listener.policies(), policy -> policy.check(before, recipient), RELAY_CHECK_FAILED);
    }

    static boolean isRefusal(Verdict verdict) {
        return verdict.outcome() == Verdict.Outcome.REJECT || verdict.outcome() == Verdict.Outcome.DEFER;
    }

    private <P> CompletableFuture<Verdict> firstOpinion(List<P> chain, Function<P, Verdict> check, Verdict failed) {
        return listener.hooks().firstOpinion(chain, check).handle((verdict, failure) -> {
                    if (failure == null) {
                        return verdict;
                    }
                    SmtpListener.LOG.warn("{}: {}", failed.text(), HookCalls.failureOf(failure).getMessage());
                    return failed;
                });
    }
}

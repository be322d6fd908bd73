package org.tessera.api.policy;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A policy's answer: a {@link RelayPolicy}'s for one recipient, a {@link SenderPolicy}'s for the
 * sender, a {@link HeloPolicy}'s for the greeting.
 *
 * <p>SMTP replies as it would without the policy to {@link Outcome#ACCEPT} and
 * {@code <code> <text>} to a rejection or deferral; QMTP answers {@code D<text>} or {@code Z<text>}. The texts are
 * qmail's where qmail has one, for example {@code 553} and
 * {@code sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)}.
 *
 * @param outcome what to do with the recipient
 * @param code the SMTP reply code: 500 to 599 for {@link Outcome#REJECT}, 400 to 499 for
 *        {@link Outcome#DEFER}, 0 otherwise
 * @param text the reply text after the code, one line; empty for {@link Outcome#ACCEPT} and
 *        {@link Outcome#NO_OPINION}
 */
@ConsumerType
public record Verdict(Outcome outcome, int code, String text) {

    /** Accept. */
    public static final Verdict ACCEPT = new Verdict(Outcome.ACCEPT, 0, "");

    /** Leave the decision to the next policy. */
    public static final Verdict NO_OPINION = new Verdict(Outcome.NO_OPINION, 0, "");

    /**
     * Validates the components: the code must belong to the outcome, and a rejection or
     * deferral needs a one-line text.
     *
     * @param outcome not null
     * @param code in the range of the outcome
     * @param text not null, without CR or LF; not blank for a rejection or deferral, empty otherwise
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the components do not fit together
     */
    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("text must be one line");
        }
        switch (outcome) {
            case ACCEPT, NO_OPINION -> {
                if (code != 0 || !text.isEmpty()) {
                    throw new IllegalArgumentException(outcome + " has no code and no text");
                }
            }
            case REJECT -> requireReply(code, 500, text);
            case DEFER -> requireReply(code, 400, text);
        }
    }

    /**
     * Checks a rejection or deferral: code in {@code base} to {@code base + 99} and a text.
     *
     * @param code the reply code
     * @param base 400 or 500
     * @param text the reply text
     */
    private static void requireReply(int code, int base, String text) {
        if (code < base || code > base + 99) {
            throw new IllegalArgumentException("code " + code + " not in " + base + "-" + (base + 99));
        }
        if (text.isBlank()) {
            throw new IllegalArgumentException("a refusal needs a text");
        }
    }

    /** The answers of a policy. */
    @ConsumerType
    public enum Outcome {
        /** Take it; no further policy is asked. */
        ACCEPT,
        /** Refuse it for good (SMTP 5xx, QMTP {@code D}). */
        REJECT,
        /** Refuse it for now (SMTP 4xx, QMTP {@code Z}). */
        DEFER,
        /**
         * No opinion: ask the next policy. When every policy says so, the hook decides: a
         * recipient is deferred (fail closed), a sender or greeting is taken as qmail takes it.
         */
        NO_OPINION
    }
}

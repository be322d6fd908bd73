package org.tessera.api.delivery;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The outcome of one {@code .qmail} instruction, with the text that goes into the delivery's
 * report (and so into the mail log, and into the bounce for a permanent failure).
 *
 * <p>The LOCAL channel runs the instructions in order and stops at the first failure, whose
 * text ends the report. On success it builds the report as qmail-local does: the texts of the
 * instructions in order (a program's output), the {@code did <f>+<w>+<p>} line, then the
 * forward's text ({@code qp <qp>}).
 *
 * @param outcome the outcome
 * @param text the report text, possibly several LF-separated lines, for example
 *        {@code Unable to chdir to maildir. (#4.2.1)}; may be empty
 */
@ConsumerType
public record DeliveryResult(Outcome outcome, String text) {

    /**
     * Validates the components.
     *
     * @param outcome the outcome, not null
     * @param text the text, not null
     * @throws NullPointerException when a component is null
     */
    public DeliveryResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
    }

    /** The outcomes qmail-local tells apart. */
    @ConsumerType
    public enum Outcome {
        /** Done; go on with the next instruction. */
        SUCCESS,
        /** Done, and skip the remaining instructions (a program's exit 99); earlier forwards are still sent. */
        SUCCESS_STOP,
        /** Failed for good (qmail-local exit 100): the recipient bounces. */
        PERMANENT,
        /** Failed for now (qmail-local exit 111): the whole recipient is retried later. */
        TEMPORARY
    }
}

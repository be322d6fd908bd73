package org.tessera.api.queue;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link MailQueue#inject} reports: qmail-queue's exit status and the caller's text for
 * it (qmail-queue(8)).
 *
 * <p>A listener answers {@link Outcome#OK} with {@code 250 ok <unix-time> qp <qp>} (QMTP and
 * QMQP: {@code Kok <unix-time> qp <qp>}), {@link Outcome#PERMANENT} with {@code 554 <text>}
 * ({@code D<text>}) and {@link Outcome#TEMPORARY} with {@code 451 <text>} ({@code Z<text>}).
 *
 * @param outcome the class of the exit code
 * @param exitCode qmail-queue's exit code: 0 queued, 11 to 40 permanent (and 82 when its text
 *        says permanent), anything else temporary
 * @param text for a failure the text after the {@code D}/{@code Z} letter, for example
 *        {@code qq write error or disk full (#4.3.0)}; empty or informational when queued
 * @param messageId the queue's number of the message ({@code msg <id>} in the log), positive when
 *        queued, 0 otherwise
 * @param qp the number standing for qmail-queue's process id ({@code qp <qp>} in replies, the
 *        {@code Received} line and the log), positive when queued, 0 otherwise
 */
@ProviderType
public record InjectResult(Outcome outcome, int exitCode, String text, long messageId, long qp) {

    /**
     * Validates the components: the exit code must belong to the outcome, only a queued
     * message has numbers, and a failure has a text.
     *
     * @param outcome the outcome, not null
     * @param exitCode 0 for {@link Outcome#OK}; 11 to 40 or 82 for {@link Outcome#PERMANENT};
     *        1 to 255 outside 11 to 40 for {@link Outcome#TEMPORARY}
     * @param text the text, not null; not empty for a failure
     * @param messageId positive for {@link Outcome#OK}, else 0
     * @param qp positive for {@link Outcome#OK}, else 0
     * @throws NullPointerException when the outcome or text is null
     * @throws IllegalArgumentException when the components do not fit together
     */
    public InjectResult {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(text, "text");
        boolean permanentCode = exitCode >= 11 && exitCode <= 40;
        boolean codeFits = switch (outcome) {
            case OK -> exitCode == 0;
            case PERMANENT -> permanentCode || exitCode == 82;
            case TEMPORARY -> exitCode >= 1 && exitCode <= 255 && !permanentCode;
        };
        if (!codeFits) {
            throw new IllegalArgumentException("exit code " + exitCode + " is not " + outcome);
        }
        if (outcome == Outcome.OK) {
            if (messageId <= 0 || qp <= 0) {
                throw new IllegalArgumentException("a queued message needs a positive id and qp");
            }
        } else {
            if (messageId != 0 || qp != 0) {
                throw new IllegalArgumentException("a failed injection has no id and qp");
            }
            if (text.isEmpty()) {
                throw new IllegalArgumentException("a failed injection needs a text");
            }
        }
    }

    /** The three classes of qmail-queue's exit codes. */
    @ProviderType
    public enum Outcome {
        /** Queued and durable (exit 0). */
        OK,
        /** Refused for good: the sender is told so (SMTP 554, QMTP/QMQP {@code D}). */
        PERMANENT,
        /** Not queued this time: the sender may retry (SMTP 451, QMTP/QMQP {@code Z}). */
        TEMPORARY
    }
}

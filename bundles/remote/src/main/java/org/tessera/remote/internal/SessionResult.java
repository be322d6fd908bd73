package org.tessera.remote.internal;

import java.util.List;

import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * What one SMTP session produced, as qmail-remote prints it: a report for each recipient it
 * reached ({@code null} for one it did not), then the message report; {@link #reportFor} folds
 * them into one report as qmail-rspawn does.
 *
 * @param message the message report
 * @param recipients per recipient in RCPT order, {@code null} where RCPT was not reached
 */
record SessionResult(DeliveryReport message, List<Recipient> recipients) {

    /**
     * A recipient report.
     *
     * @param kind {@code r} accepted, {@code h} refused for good, {@code s} refused for now
     * @param text the report text, empty for an accepted recipient
     */
    record Recipient(char kind, String text) {
    }

    /** The session ended before any recipient was reached (a failed connection or greeting). */
    static SessionResult of(DeliveryReport message) {
        return new SessionResult(message, List.of());
    }

    /** qmail-rspawn: {@code D} for {@code h}, {@code Z} for {@code s}, else the message letter; texts joined. */
    DeliveryReport reportFor(int index) {
        Recipient r = index < recipients.size() ? recipients.get(index) : null;
        if (r == null) {
            return message;
        }
        Outcome outcome = switch (r.kind()) {
            case 'h' -> Outcome.PERMANENT;
            case 's' -> Outcome.TEMPORARY;
            default -> message.outcome();
        };
        return new DeliveryReport(outcome, r.text() + message.text());
    }
}

package org.tessera.local.internal;

import org.tessera.api.queue.DeliveryReport;

/**
 * Ends a delivery as qmail-local's {@code strerr_die} does: exit 100 (permanent) or 111
 * (temporary), with a text that goes into the report after what was written before it.
 */
final class LocalFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final DeliveryReport.Outcome outcome;
    private final String text;

    private LocalFailure(DeliveryReport.Outcome outcome, String text) {
        super(text, null, false, false);
        this.outcome = outcome;
        this.text = text;
    }

    /** qmail-local's own diagnostic: one line, to which the LF is added. */
    static LocalFailure temporary(String line) {
        return new LocalFailure(DeliveryReport.Outcome.TEMPORARY, line + "\n");
    }

    /** qmail-local's own diagnostic: one line, to which the LF is added. */
    static LocalFailure permanent(String line) {
        return new LocalFailure(DeliveryReport.Outcome.PERMANENT, line + "\n");
    }

    /** A target's failure, its text taken as it is (targets end their texts with LF). */
    static LocalFailure of(DeliveryReport.Outcome outcome, String text) {
        return new LocalFailure(outcome, text);
    }

    DeliveryReport.Outcome outcome() {
        return outcome;
    }

    String text() {
        return text;
    }
}

package org.tessera.api.maillog;

import java.time.Instant;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One line of the mail log, as qmail's programs write them (qmail-log(5)), with its kind, so a
 * reader of the log (a metrics exporter, an alerting plugin) need not parse the text.
 *
 * @param time when the event happened; the line's TAI64N label
 * @param kind which of qmail's lines it is
 * @param text the line without its label and newline, for example {@code new msg 1234}
 */
@ProviderType
public record MailLogLine(Instant time, Kind kind, String text) {

    /**
     * Validates the components.
     *
     * @param time not null
     * @param kind not null
     * @param text not null, one line (no LF)
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the text holds a LF
     */
    public MailLogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        if (text.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a mail-log line is one line: " + text);
        }
    }

    /** The lines of qmail-log(5), and those Tessera adds. */
    @ProviderType
    public enum Kind {
        /** qmail-send's {@code status: local l/L remote r/R} and {@code status: exiting}. */
        STATUS,
        /** {@code new msg m}: a message entered the queue. */
        NEW_MESSAGE,
        /** {@code info msg m: bytes b from <s> qp q uid u}. */
        MESSAGE_INFO,
        /** {@code starting delivery d: msg m to local|remote r}. */
        STARTING_DELIVERY,
        /** {@code delivery d: success: ...}. */
        DELIVERY_SUCCESS,
        /** {@code delivery d: deferral: ...}. */
        DELIVERY_DEFERRAL,
        /** {@code delivery d: failure: ...}. */
        DELIVERY_FAILURE,
        /** {@code bounce msg m qp q}. */
        BOUNCE,
        /** {@code triple bounce: discarding bounce/m}. */
        TRIPLE_BOUNCE,
        /** {@code end msg m}: the message left the queue. */
        END_MESSAGE,
        /** qmail-send's {@code warning: ...} and {@code alert: ...}. */
        WARNING,
        /** tcpserver's lines: {@code tcpserver: status|pid|ok|deny|end ...}. */
        CONNECTION,
        /** A login to a mailbox (POP3) or for submission, successful or not. */
        LOGIN
    }
}

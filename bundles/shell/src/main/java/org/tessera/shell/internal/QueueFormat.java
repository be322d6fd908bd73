package org.tessera.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.tessera.api.queue.DeferralReason;
import org.tessera.api.queue.QueueStatus;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;

/**
 * Renders queue records as qmail-qstat and qmail-qread print them (netqmail's qmail-qstat.sh and
 * qmail-qread.c), plus the longer forms of {@code qmail:queue} and {@code qmail:queue-show}.
 */
final class QueueFormat {

    /** qmail-qread's date: date822fmt without its {@code " -0000"} zone, then {@code " GMT"}. */
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private QueueFormat() {
    }

    /** The two lines of qmail-qstat. */
    static List<String> qstat(QueueStatus status) {
        return List.of("messages in queue: " + status.messages(),
                "messages in queue but not yet preprocessed: " + status.notPreprocessed());
    }

    /** The queue's lines in {@code qmail:stat}: its size and status line, and any damage found at start. */
    static List<String> summary(QueueStatus status) {
        String line = "queue: " + status.messages() + " messages; " + statusLine(status);
        if (status.damaged() == 0) {
            return List.of(line);
        }
        return List.of(line, "alert: " + status.damaged() + " damaged queue files found at start were moved to"
                + " queue/bad (the mail log names them)");
    }

    /**
     * The recent deferral reasons for {@code qmail:stat}, each once: how often, when last (age at
     * {@code now}), and the reason as the mail log gives it but with its spaces.
     */
    static List<String> deferrals(List<DeferralReason> reasons, Instant now) {
        if (reasons.isEmpty()) {
            return List.of("deferrals: none lately");
        }
        List<String> lines = new ArrayList<>(reasons.size() + 1);
        lines.add("deferrals lately (count, last seen, reason; each attempt is a deferral line in the mail log):");
        for (DeferralReason reason : reasons) {
            lines.add("  " + reason.count() + "x, " + age(reason.last(), now) + " ago: " + reason.reason());
        }
        return lines;
    }

    private static String age(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        return seconds / 3600 + " h";
    }

    /** qmail-send's status line, and whether deliveries are held. */
    static String statusLine(QueueStatus status) {
        return "status: local " + status.localRunning() + "/" + status.localLimit()
                + " remote " + status.remoteRunning() + "/" + status.remoteLimit()
                + (status.paused() ? " (paused: deliveries held, qmail:cont resumes them)" : "");
    }

    /**
     * The lines of qmail-qread for one message, exactly: the message line (date, id, size,
     * sender, {@code bouncing} when a recipient failed permanently) and one line per
     * recipient, prefixed {@code "  done"} when its delivery is finished.
     */
    static List<String> qread(QueuedMessage message) {
        List<String> lines = new ArrayList<>(1 + message.recipients().size());
        lines.add(messageLine(message));
        for (QueuedRecipient recipient : message.recipients()) {
            lines.add(recipientLine(recipient));
        }
        return lines;
    }

    /** As {@link #qread}, with the message's age and each recipient's state appended. */
    static List<String> qreadLong(QueuedMessage message, Instant now) {
        List<String> lines = new ArrayList<>(1 + message.recipients().size());
        String head = messageLine(message) + " age " + age(Duration.between(message.birth(), now));
        lines.add(message.recipients().isEmpty() ? head + ", not yet preprocessed" : head);
        for (QueuedRecipient recipient : message.recipients()) {
            lines.add(recipientLine(recipient) + "\t" + state(recipient, now));
        }
        return lines;
    }

    static String messageLine(QueuedMessage message) {
        return printable(date(message.birth()) + "  #" + message.id() + "  " + message.size()
                + "  <" + message.sender().text() + "> " + (bouncing(message) ? " bouncing" : ""));
    }

    static String recipientLine(QueuedRecipient recipient) {
        return (done(recipient) ? "  done" : "") + "\t" + channel(recipient) + "\t"
                + printable(recipient.address().text());
    }

    /** Where one recipient stands, relative to {@code now}: {@code pending, next attempt in 3m12s}. */
    static String state(QueuedRecipient recipient, Instant now) {
        Duration until = Duration.between(now, recipient.nextAttempt());
        return switch (recipient.state()) {
            case PENDING -> until.isNegative() || until.isZero()
                    ? "pending, next attempt now"
                    : "pending, next attempt in " + age(until);
            case DELIVERING -> "delivering since " + age(until.negated()) + " ago";
            case DELIVERED -> "delivered " + age(until.negated()) + " ago";
            case FAILED -> "failed " + age(until.negated()) + " ago";
        };
    }

    /** A message is bouncing (qmail: its bounce file exists) once a recipient failed permanently. */
    static boolean bouncing(QueuedMessage message) {
        return message.recipients().stream().anyMatch(r -> r.state() == QueuedRecipient.State.FAILED);
    }

    static boolean done(QueuedRecipient recipient) {
        return recipient.state() == QueuedRecipient.State.DELIVERED
                || recipient.state() == QueuedRecipient.State.FAILED;
    }

    static String channel(QueuedRecipient recipient) {
        return recipient.channel().name().toLowerCase(Locale.ROOT);
    }

    static String date(Instant instant) {
        return DATE.format(instant);
    }

    /**
     * A duration in its two largest units: {@code 45s}, {@code 5m12s}, {@code 2h05m},
     * {@code 3d04h}; negative durations count as 0.
     */
    static String age(Duration duration) {
        long s = Math.max(0, duration.getSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        if (s < 86400) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", s / 86400, s % 86400 / 3600);
    }

    /** qmail-qread's {@code out()}: every character outside printable ASCII becomes {@code _}. */
    static String printable(String text) {
        StringBuilder result = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            result.append(c >= 32 && c <= 126 ? c : '_');
        }
        return result.toString();
    }
}

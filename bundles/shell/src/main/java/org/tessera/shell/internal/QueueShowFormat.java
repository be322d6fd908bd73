package org.tessera.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;

/** Renders one message for {@code qmail:queue-show}: envelope, each recipient's state, the header. */
final class QueueShowFormat {

    private QueueShowFormat() {
    }

    static List<String> lines(QueuedMessage message, MessageHeader header, Instant now) {
        List<String> lines = new ArrayList<>();
        lines.add("message #" + message.id());
        lines.add("  queued:  " + QueueFormat.date(message.birth()) + " (age "
                + QueueFormat.age(Duration.between(message.birth(), now)) + ")");
        lines.add("  size:    " + message.size() + " bytes");
        lines.add("  sender:  <" + QueueFormat.printable(message.sender().text()) + ">");
        lines.add("  qp:      " + message.qp() + "  uid " + message.uid());
        lines.add("  state:   " + messageState(message));
        lines.add("recipients: " + message.recipients().size());
        for (QueuedRecipient r : message.recipients()) {
            lines.add("  " + QueueFormat.channel(r) + "\t" + QueueFormat.printable(r.address().text()));
            lines.add("    " + QueueFormat.state(r, now) + " (" + when(r) + " " + QueueFormat.date(r.nextAttempt()) + ")");
            if (!r.lastReport().isEmpty()) {
                lines.add("    last report: " + QueueFormat.printable(r.lastReport()));
            }
        }
        if (header == null) {
            lines.add("header: (the message left the queue while it was read)");
        } else {
            lines.add("header:");
            header.lines().forEach(l -> lines.add("  " + l));
            if (header.truncated()) {
                lines.add("  [header longer than " + MessageHeader.DEFAULT_LIMIT + " bytes; the rest not shown]");
            }
        }
        return lines;
    }

    private static String messageState(QueuedMessage message) {
        if (message.recipients().isEmpty()) {
            return "not yet preprocessed";
        }
        long done = message.recipients().stream().filter(QueueFormat::done).count();
        return done + " of " + message.recipients().size() + " recipients done"
                + (QueueFormat.bouncing(message) ? ", bouncing" : "");
    }

    private static String when(QueuedRecipient r) {
        return r.state() == QueuedRecipient.State.PENDING ? "due" : "since";
    }
}

package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;
import org.tessera.api.queue.QueueStatus;
import org.tessera.api.queue.QueuedMessage;

/** {@code qmail:queue}: qmail-qstat's counts, then qmail-qread's listing (bin/qmail-qstat, bin/qmail-qread). */
@Service
@Command(scope = "qmail", name = "queue",
        description = "Shows the queue: qmail-qstat's counts and the delivery status line, then each message "
                + "as qmail-qread lists it (date, #id, size, <sender>; each recipient local or remote, "
                + "'done' when finished) with its age and each recipient's state.")
public final class QueueCommand extends QueueAction {

    @Option(name = "--counts-only", aliases = "-c",
            description = "only qmail-qstat's two lines, exactly as qmail-qstat prints them")
    boolean countsOnly;

    @Option(name = "--list-only", aliases = "-l",
            description = "only the listing, exactly as qmail-qread prints it")
    boolean listOnly;

    @Override
    void run(QueueAdmin admin, PrintStream out) throws IOException {
        if (countsOnly && listOnly) {
            throw new IllegalArgumentException("--counts-only and --list-only exclude each other");
        }
        if (countsOnly) {
            QueueFormat.qstat(admin.status()).forEach(out::println);
            return;
        }
        if (!listOnly) {
            QueueStatus status = admin.status();
            QueueFormat.qstat(status).forEach(out::println);
            out.println(QueueFormat.statusLine(status));
        }
        Instant now = Instant.now();
        for (QueuedMessage message : admin.messages()) {
            (listOnly ? QueueFormat.qread(message) : QueueFormat.qreadLong(message, now)).forEach(out::println);
        }
    }
}

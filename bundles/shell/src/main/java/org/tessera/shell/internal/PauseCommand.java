package org.tessera.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:pause}: hold deliveries (qmailctl pause). */
@Service
@Command(scope = "qmail", name = "pause",
        description = "Stops taking messages out of the queue (qmailctl pause); listeners keep accepting "
                + "and running deliveries finish.")
public final class PauseCommand extends QueueAction {

    @Override
    void run(QueueAdmin admin, PrintStream out) {
        boolean already = admin.status().paused();
        admin.pause();
        out.println(already ? "deliveries were already paused" : "deliveries paused; injection goes on (qmail:cont resumes)");
    }
}

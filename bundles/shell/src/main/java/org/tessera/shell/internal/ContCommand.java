package org.tessera.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:cont}: resume deliveries after {@code qmail:pause} (qmailctl cont). */
@Service
@Command(scope = "qmail", name = "cont",
        description = "Resumes taking messages out of the queue after qmail:pause (qmailctl cont).")
public final class ContCommand extends QueueAction {

    @Override
    void run(QueueAdmin admin, PrintStream out) {
        boolean paused = admin.status().paused();
        admin.resume();
        out.println(paused ? "deliveries resumed" : "deliveries were not paused");
    }
}

package org.tessera.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:pause}: hold deliveries (qmailctl pause). */
@Service
@Command(scope = "qmail", name = "pause",
        description = "Stops taking messages out of the queue (qmailctl pause); listeners keep accepting "
                + "and running deliveries finish.")
public final class PauseCommand implements Action {

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public Object execute() {
        QueueAdmin admin = QueueCommands.require(queue);
        boolean already = admin.status().paused();
        admin.pause();
        session.getConsole().println(already ? "deliveries were already paused"
                : "deliveries paused; injection goes on (qmail:cont resumes)");
        return null;
    }
}

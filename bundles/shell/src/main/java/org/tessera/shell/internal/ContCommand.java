package org.tessera.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:cont}: resume deliveries after {@code qmail:pause} (qmailctl cont). */
@Service
@Command(scope = "qmail", name = "cont",
        description = "Resumes taking messages out of the queue after qmail:pause (qmailctl cont).")
public final class ContCommand implements Action {

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public Object execute() {
        QueueAdmin admin = QueueCommands.require(queue);
        boolean paused = admin.status().paused();
        admin.resume();
        session.getConsole().println(paused ? "deliveries resumed" : "deliveries were not paused");
        return null;
    }
}

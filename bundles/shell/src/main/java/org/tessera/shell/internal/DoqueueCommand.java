package org.tessera.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:doqueue}: retry every deferred delivery now (qmail's ALRM). */
@Service
@Command(scope = "qmail", name = "doqueue",
        description = "Makes every deferred delivery due now, as qmail-send does on ALRM (qmailctl doqueue).")
public final class DoqueueCommand implements Action {

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public Object execute() {
        QueueAdmin admin = QueueCommands.require(queue);
        admin.retryAll();
        session.getConsole().println("every pending delivery is due now");
        return null;
    }
}

package org.tessera.shell.internal;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:queue-remove <id>}: removes a message without delivering or bouncing it. */
@Service
@Command(scope = "qmail", name = "queue-remove",
        description = "Removes one message from the queue without delivering or bouncing it; the removal "
                + "is logged. Deliveries already running finish, their reports are dropped.")
public final class QueueRemoveCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "the message's id, as qmail:queue shows it")
    @Completion(MessageIdCompleter.class)
    String id;

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        QueueAdmin admin = QueueCommands.require(queue);
        long number = QueueCommands.id(id);
        if (!admin.remove(number)) {
            throw QueueCommands.notQueued(number);
        }
        session.getConsole().println("message #" + number + " removed");
        return null;
    }
}

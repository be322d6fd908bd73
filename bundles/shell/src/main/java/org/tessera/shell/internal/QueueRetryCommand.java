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

/** {@code qmail:queue-retry <id>}: makes one message's pending deliveries due now. */
@Service
@Command(scope = "qmail", name = "queue-retry",
        description = "Makes every pending delivery of one message due now.")
public final class QueueRetryCommand implements Action {

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
        if (!admin.retry(number)) {
            throw QueueCommands.notQueued(number);
        }
        session.getConsole().println("message #" + number + ": every pending delivery is due now");
        return null;
    }
}

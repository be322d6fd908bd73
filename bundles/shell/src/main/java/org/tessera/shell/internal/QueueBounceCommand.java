package org.tessera.shell.internal;

import java.io.IOException;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:queue-bounce <id>}: fails a message's pending recipients and bounces it now. */
@Service
@Command(scope = "qmail", name = "queue-bounce",
        description = "Fails every pending recipient of one message permanently and bounces it now, "
                + "as if queuelifetime had passed.")
public final class QueueBounceCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "the message's id, as qmail:queue shows it")
    @Completion(MessageIdCompleter.class)
    String id;

    @Argument(index = 1, name = "reason", required = false, multiValued = true,
            description = "the failure report of each pending recipient, default: " + QueueCommands.BOUNCE_REASON)
    List<String> reason;

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        QueueAdmin admin = QueueCommands.require(queue);
        long number = QueueCommands.id(id);
        if (!admin.bounce(number, reason())) {
            throw QueueCommands.notQueued(number);
        }
        session.getConsole().println("message #" + number + " bounced: " + reason());
        return null;
    }

    private String reason() {
        return reason == null || reason.isEmpty() ? QueueCommands.BOUNCE_REASON : String.join(" ", reason);
    }
}

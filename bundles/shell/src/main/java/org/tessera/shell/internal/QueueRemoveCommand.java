package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:queue-remove <id>}: removes a message without delivering or bouncing it. */
@Service
@Command(scope = "qmail", name = "queue-remove",
        description = "Removes one message from the queue without delivering or bouncing it; the removal "
                + "is logged. Deliveries already running finish, their reports are dropped.")
public final class QueueRemoveCommand extends MessageAction {

    @Override
    void run(QueueAdmin admin, long message, PrintStream out) throws IOException {
        if (!admin.remove(message)) {
            throw QueueCommands.notQueued(message);
        }
        out.println("message #" + message + " removed");
    }
}

package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:queue-bounce <id>}: fails a message's pending recipients and bounces it now. */
@Service
@Command(scope = "qmail", name = "queue-bounce",
        description = "Fails every pending recipient of one message permanently and bounces it now, "
                + "as if queuelifetime had passed.")
public final class QueueBounceCommand extends MessageAction {

    @Argument(index = 1, name = "reason", required = false, multiValued = true,
            description = "the failure report of each pending recipient, default: " + QueueCommands.BOUNCE_REASON)
    List<String> reason;

    @Override
    void run(QueueAdmin admin, long message, PrintStream out) throws IOException {
        String report = reason == null || reason.isEmpty() ? QueueCommands.BOUNCE_REASON : String.join(" ", reason);
        if (!admin.bounce(message, report)) {
            throw QueueCommands.notQueued(message);
        }
        out.println("message #" + message + " bounced: " + report);
    }
}

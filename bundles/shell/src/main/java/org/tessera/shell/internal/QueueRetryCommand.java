package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:queue-retry <id>}: makes one message's pending deliveries due now. */
@Service
@Command(scope = "qmail", name = "queue-retry",
        description = "Makes every pending delivery of one message due now.")
public final class QueueRetryCommand extends MessageAction {

    @Override
    void run(QueueAdmin admin, long message, PrintStream out) throws IOException {
        if (!admin.retry(message)) {
            throw QueueCommands.notQueued(message);
        }
        out.println("message #" + message + ": every pending delivery is due now");
    }
}

package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:qshape}: Postfix's qshape for the queue (also {@code ctl qshape}). */
@Service
@Command(scope = "qmail", name = "qshape",
        description = "Shows the recipients still to deliver by destination domain and by the age of their "
                + "message in minutes, as Postfix's qshape does: T is the total, each column counts those "
                + "younger than its head and older than the column before, the last those older still.")
public final class QshapeCommand extends QueueAction {

    @Option(name = "--deferred", aliases = "-d",
            description = "only recipients that were tried and deferred (Postfix's qshape deferred)")
    boolean deferredOnly;

    @Option(name = "--top", aliases = "-n", description = "at most this many domains (default 20)")
    int top = 20;

    @Override
    void run(QueueAdmin admin, PrintStream out) throws IOException {
        QueueShape.table(admin.messages(), Instant.now(), deferredOnly, top).forEach(out::println);
    }
}

package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.tessera.api.queue.QueueAdmin;

/** A queue command about one message, named by the id {@code qmail:queue} shows. */
abstract class MessageAction extends QueueAction {

    @Argument(index = 0, name = "id", required = true, description = "the message's id, as qmail:queue shows it")
    @Completion(MessageIdCompleter.class)
    String id;

    @Override
    final void run(QueueAdmin admin, PrintStream out) throws IOException {
        run(admin, QueueCommands.id(id), out);
    }

    abstract void run(QueueAdmin admin, long message, PrintStream out) throws IOException;
}

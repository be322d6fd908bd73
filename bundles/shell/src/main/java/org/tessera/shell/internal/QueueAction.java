package org.tessera.shell.internal;

import java.io.IOException;
import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.queue.QueueAdmin;

/**
 * A command that works on the queue. The reference is optional so that the command exists, and
 * says why it cannot run, while no queue bundle provides {@link QueueAdmin}; Karaf injects the
 * fields of this superclass as it does those of the command.
 */
abstract class QueueAction implements Action {

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public final Object execute() throws IOException {
        run(QueueCommands.require(queue), session.getConsole());
        return null;
    }

    abstract void run(QueueAdmin admin, PrintStream out) throws IOException;
}

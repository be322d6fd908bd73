package org.tessera.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * {@code qmail:restart}: as qmailctl restart: the listeners stop, the queue manager stops (waiting for
 * the deliveries under way) and starts again from its durable store, the listeners start.
 */
@Service
@Command(scope = "qmail", name = "restart",
        description = "Stops the listeners, restarts the queue manager (nothing queued is lost: it starts again from"
                + " its store), and starts the listeners.")
public final class RestartCommand extends ListenersAction {

    @Override
    public Object execute() throws Exception {
        TesseraRuntime runtime = runtime();
        PrintStream out = session.getConsole();
        setListeners(runtime, false, out);
        try {
            var queue = runtime.queueComponents();
            runtime.setEnabled(queue, false).forEach(name -> out.println("stopped " + name));
            runtime.setEnabled(queue, true).forEach(name -> out.println("started " + name));
        } finally {
            setListeners(runtime, true, out);
        }
        return null;
    }
}

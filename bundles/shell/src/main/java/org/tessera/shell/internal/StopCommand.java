package org.tessera.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code qmail:stop}: qmailctl stop for the listeners: they close their ports; the queue keeps delivering. */
@Service
@Command(scope = "qmail", name = "stop",
        description = "Stops every listener (SMTP, QMTP, QMQP, POP3): new connections are refused, sessions under way"
                + " end; the queue keeps delivering what it holds. Until qmail:start or a restart of the listener's bundle.")
public final class StopCommand extends ListenersAction {

    @Override
    public Object execute() throws Exception {
        setListeners(runtime(), false, session.getConsole());
        return null;
    }
}

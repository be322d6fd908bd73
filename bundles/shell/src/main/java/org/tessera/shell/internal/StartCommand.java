package org.tessera.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code qmail:start}: starts the listeners qmail:stop stopped. */
@Service
@Command(scope = "qmail", name = "start", description = "Starts every listener qmail:stop stopped.")
public final class StartCommand extends ListenersAction {

    @Override
    public Object execute() throws Exception {
        setListeners(runtime(), true, session.getConsole());
        return null;
    }
}

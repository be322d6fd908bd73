package org.tessera.shell.internal;

import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.control.ControlFiles;

/** {@code qmail:reload}: re-reads the control files, as qmail-send does on HUP, and names those that changed. */
@Service
@Command(scope = "qmail", name = "reload",
        description = "Re-reads every control file (qmailctl reload, qmail's HUP) and prints the names of "
                + "those whose contents changed; fails, keeping the old values, when one cannot be read.")
public final class ReloadCommand implements Action {

    @Reference(optional = true)
    ControlFiles control;

    @Reference
    Session session;

    @Override
    public Object execute() {
        ControlFiles files = QueueCommands.require(control);
        Set<String> changed = files.reload();
        session.getConsole().println(ReloadFormat.line(files.directory().toString(), changed, files.generation()));
        return null;
    }
}

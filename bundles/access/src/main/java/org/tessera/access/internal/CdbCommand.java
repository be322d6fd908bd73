package org.tessera.access.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.ControlFiles;

/** {@code qmail:cdb}: compiles every {@code control/tcp.*} rules file into its cdb, as tcprules for each (qmailctl cdb). */
@Service
@Command(scope = "qmail", name = "cdb",
        description = "Rebuilds control/tcp.NAME.cdb from each tcprules text file control/tcp.NAME (qmailctl cdb),"
                + " printing a line per file; fails when one does not parse, leaving that file's old cdb in place.")
public final class CdbCommand implements Action {

    @Reference(optional = true)
    ControlFiles control;

    @Reference(optional = true)
    CdbFiles cdbFiles;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        if (control == null || cdbFiles == null) {
            throw new IllegalStateException("the control files service is not running (bundle org.tessera.control)");
        }
        List<TcpRulesRebuild.Outcome> outcomes = TcpRulesRebuild.rebuildAll(control.directory(), cdbFiles);
        if (outcomes.isEmpty()) {
            session.getConsole().println("no tcprules files (tcp.NAME) in " + control.directory());
        }
        outcomes.forEach(outcome -> session.getConsole().println(outcome.line()));
        long failed = outcomes.stream().filter(TcpRulesRebuild.Outcome::failed).count();
        if (failed > 0) {
            throw new IllegalStateException(failed + " of " + outcomes.size() + " tcprules files not rebuilt");
        }
        return null;
    }
}

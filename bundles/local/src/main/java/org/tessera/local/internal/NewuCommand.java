package org.tessera.local.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.ControlFiles;
import org.tessera.common.users.Newu;

/** {@code qmail:newu}: qmail-newu in the running server, rebuilding users/cdb from users/assign (qmailctl newu). */
@Service
@Command(scope = "qmail", name = "newu",
        description = "Rebuilds users/cdb from users/assign (qmail-newu); the next delivery uses it. Fails, leaving"
                + " users/cdb as it was, when users/assign is missing, unreadable or badly formed.")
public final class NewuCommand implements Action {

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
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit;
        try (PrintStream err = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
            exit = Newu.run(HomePaths.home(control), cdbFiles, err);
        }
        String message = errors.toString(StandardCharsets.UTF_8).strip();
        if (exit != Newu.EXIT_OK) {
            throw new IllegalStateException(message);
        }
        session.getConsole().println("rebuilt " + HomePaths.usersCdb(control));
        return null;
    }
}

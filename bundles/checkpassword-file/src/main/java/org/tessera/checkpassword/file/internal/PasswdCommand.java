package org.tessera.checkpassword.file.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.common.passwd.Argon2id;
import org.tessera.common.passwd.PasswordFileEditor;
import org.tessera.common.passwd.SystemAccounts;

/** {@code qmail:passwd}: sets a user's password in the file the password-file checker reads. */
@Service
@Command(scope = "qmail", name = "passwd",
        description = "Sets a user's password in the password file (an Argon2id hash), asking for it twice without"
                + " echo. A new user gets the uid, gid and home given, else those of the system account of the same"
                + " name; for a user already there only the password changes.")
public final class PasswdCommand implements Action {

    @Option(name = "-u", description = "uid of a new user (default: the system account's)")
    Long uid;

    @Option(name = "-g", description = "gid of a new user (default: the system account's)")
    Long gid;

    @Option(name = "-d", description = "home directory of a new user (default: the system account's)")
    String home;

    @Argument(index = 0, name = "user", required = true, description = "the user name, as the client logs in")
    String user;

    @Reference(optional = true)
    PasswordFileChecker checker;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        if (checker == null) {
            throw new IllegalStateException("the password-file checker (" + PasswordFileChecker.PID
                    + ") is not running");
        }
        Path file = checker.file();
        char[] password = read("Password for " + user + ": ");
        char[] again = read("Again: ");
        session.getConsole().println(PasswordFileEditor.setPassword(file, user, password, again,
                new PasswordFileEditor.NewUser(uid, gid, home), SystemAccounts.ETC_PASSWD));
        return null;
    }

    private char[] read(String prompt) throws IOException {
        String line = session.readLine(prompt, '*');
        return line == null ? new char[0] : line.toCharArray();
    }
}

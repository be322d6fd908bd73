package org.tessera.tools;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.tessera.common.passwd.PasswordFileEditor;
import org.tessera.common.passwd.PasswordFilePath;
import org.tessera.common.passwd.SystemAccounts;

/**
 * {@code bin/tessera-passwd}, a tool of {@code tools/}: {@code qmail:passwd} without the server. Exits 0,
 * 100 on a usage error or bad input, 111 on a system error.
 */
public final class PasswdTool {

    public static final int EXIT_OK = 0;
    public static final int EXIT_PERMANENT = 100;
    public static final int EXIT_TEMPORARY = 111;

    private static final String PROGRAM = "tessera-passwd: ";
    private static final String USAGE = PROGRAM + "usage: tessera-passwd [-f FILE] [-u UID] [-g GID] [-d HOME] USER";

    private PasswdTool() {
    }

    /**
     * Sets a password, read twice without echo from the terminal, or once from standard input when
     * there is no terminal; returns the exit status.
     *
     * @param args {@code [-f FILE] [-u UID] [-g GID] [-d HOME] USER}; the file defaults to
     *        {@code etc/passwd.tessera} of {@code home}
     * @param home the home whose password file is meant
     */
    public static int run(String[] args, String home) {
        Console console = System.console();
        Function<String, char[]> terminal = console == null ? null : new Function<>() {
            @Override
            public char[] apply(String prompt) {
                return console.readPassword("%s", prompt);
            }
        };
        return run(List.of(args), terminal, System.in, System.out, System.err, home, SystemAccounts.ETC_PASSWD);
    }

    /**
     * The whole tool, for main and the tests: returns the exit status, having printed any message.
     *
     * @param terminal reads a password without echo after a prompt (null at end of input); null when
     *        there is no terminal, and then one line of {@code in} is the password
     */
    public static int run(List<String> args, Function<String, char[]> terminal, InputStream in, PrintStream out,
            PrintStream err, String toolHome, Path systemAccounts) {
        Path file = null;
        Long uid = null;
        Long gid = null;
        String home = null;
        int i = 0;
        try {
            for (; i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("--"); i += 2) {
                if (i + 1 == args.size()) {
                    throw new IllegalArgumentException(args.get(i) + " needs a value");
                }
                String value = args.get(i + 1);
                switch (args.get(i)) {
                    case "-f" -> file = Path.of(value);
                    case "-u" -> uid = number(value, "UID");
                    case "-g" -> gid = number(value, "GID");
                    case "-d" -> home = value;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i));
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + e.getMessage());
            err.println(USAGE);
            return EXIT_PERMANENT;
        }
        if (i < args.size() && args.get(i).equals("--")) {
            i++;
        }
        if (args.size() - i != 1) {
            err.println(USAGE);
            return EXIT_PERMANENT;
        }
        String user = args.get(i);
        if (file == null) {
            file = PasswordFilePath.resolve("", null, Path.of(toolHome));
        }
        char[] password = null;
        char[] again = null;
        try {
            if (terminal != null) {
                password = terminal.apply("Password for " + user + ": ");
                again = password == null ? null : terminal.apply("Again: ");
            } else {
                password = firstLine(in);
                again = password;
            }
            if (password == null || again == null) {
                err.println(PROGRAM + "no password given; nothing changed");
                return EXIT_PERMANENT;
            }
            out.println(PROGRAM + PasswordFileEditor.setPassword(file, user, password, again,
                    new PasswordFileEditor.NewUser(uid, gid, home), systemAccounts));
            return EXIT_OK;
        } catch (IllegalArgumentException e) {
            err.println(PROGRAM + e.getMessage() + "; nothing changed");
            return EXIT_PERMANENT;
        } catch (IOException e) {
            err.println(PROGRAM + "unable to set the password in " + file + ": " + e.getClass().getSimpleName() + ": "
                    + e.getMessage());
            return EXIT_TEMPORARY;
        } finally {
            clear(password);
            clear(again);
        }
    }

    private static Long number(String value, String name) {
        try {
            return Long.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number: " + value);
        }
    }

    // For scripts: the line without its LF (and a CR before it); null when the input is empty.
    private static char[] firstLine(InputStream in) throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }

    private static void clear(char[] chars) {
        if (chars != null) {
            Arrays.fill(chars, '\0');
        }
    }
}

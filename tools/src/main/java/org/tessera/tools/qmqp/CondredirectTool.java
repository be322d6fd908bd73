package org.tessera.tools.qmqp;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/condredirect newaddr prog [args]} (condredirect(1)): runs {@code prog} on the message; when
 * it exits 0, rewinds the message and queues {@code $DTLINE} and the message to {@code newaddr}
 * with the sender {@code $SENDER}, prints {@code condredirect: qp <n>} and exits 99 (qmail-local
 * then stops reading the .qmail file). {@code prog} exiting 111 (or not starting for a temporary
 * reason) exits 111; any other exit, a program that cannot be run among them, exits 0.
 */
public final class CondredirectTool {

    private static final String FATAL = "condredirect: fatal: ";
    private static final Pattern ERRNO = Pattern.compile("error=(\\d+)");
    // qmail's error_temp(): EINTR, EIO, EAGAIN, ENOMEM, ENFILE, EMFILE, ETXTBSY, ENOSPC, ETIMEDOUT, EHOSTUNREACH, ESTALE.
    private static final Set<Integer> TEMPORARY_ERRNOS = Set.of(4, 5, 11, 12, 23, 24, 26, 28, 110, 113, 116);

    private CondredirectTool() {
    }

    /** The tool with this process's environment, standard input and standard error. */
    public static int run(String[] args) {
        return run(args, System.getenv(), Injection.stdin(), System.err);
    }

    static int run(String[] args, Map<String, String> environment, FileInputStream stdin, PrintStream err) {
        if (args.length < 2) {
            err.println("condredirect: usage: condredirect newaddress program [ arg ... ]");
            return 100;
        }
        int exit;
        try {
            Process child = new ProcessBuilder(Arrays.asList(args).subList(1, args.length)).inheritIO().start();
            exit = child.waitFor();
        } catch (IOException e) {
            if (!temporary(e)) {
                return 0;
            }
            exit = 111;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(FATAL + "interrupted while waiting for the child");
            return 111;
        }
        // Java reports a child killed by signal N as exit 128 + N.
        if (exit > 128) {
            err.println(FATAL + "child crashed");
            return 111;
        }
        if (exit == 111) {
            err.println(FATAL + "temporary child error");
            return 111;
        }
        if (exit != 0) {
            return 0;
        }
        if (!Injection.stdinIsFile()) {
            err.println(FATAL + "unable to rewind: standard input is not a file");
            return 111;
        }
        try {
            stdin.getChannel().position(0);
        } catch (IOException e) {
            err.println(FATAL + "unable to rewind: " + e.getMessage());
            return 111;
        }
        String sender = environment.get("SENDER");
        if (sender == null) {
            err.println(FATAL + "SENDER not set");
            return 100;
        }
        String dtline = environment.get("DTLINE");
        if (dtline == null) {
            err.println(FATAL + "DTLINE not set");
            return 100;
        }
        Injection.Outcome outcome = Injection.inject(environment, dtline, stdin, sender, List.of(args[0]));
        if (!outcome.queued()) {
            err.println(FATAL + outcome.text().substring(1));
            return outcome.permanent() ? 100 : 111;
        }
        err.println("condredirect: qp " + outcome.text());
        return 99;
    }

    private static boolean temporary(IOException e) {
        Matcher errno = ERRNO.matcher(String.valueOf(e.getMessage()));
        return errno.find() && TEMPORARY_ERRNOS.contains(Integer.parseInt(errno.group(1)));
    }
}

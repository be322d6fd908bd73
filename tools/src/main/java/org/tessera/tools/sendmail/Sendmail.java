package org.tessera.tools.sendmail;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.tessera.api.mail.MailAddress;
import org.tessera.tools.Getopt;
import org.tessera.tools.ToolHome;
import org.tessera.tools.inject.QmailInjectTool;

/**
 * {@code bin/sendmail} (also run as {@code mailq} and {@code newaliases}): qmail's sendmail wrapper
 * (qmail's sendmail.c). Sendmail's flags become qmail-inject's ({@code -t} → {@code -H}, else {@code -a};
 * {@code -f} and the QMAILUSER/QMAILHOST it implies; {@code -F} → MAILNAME), and qmail-inject runs in
 * this process; {@code -bp} and the name {@code mailq} list the queue with {@code bin/qmail-qread};
 * {@code -bs} speaks SMTP on standard input and output through the running server ({@link LocalSmtp}).
 * Standard input is read to its end: a lone dot is not special; CRLF line ends become LF ({@link CrlfToLf}).
 */
public final class Sendmail {

    static final String USAGE = "sendmail: usage: sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]";
    private static final String OPTIONS = "vimte:f:p:o:B:F:EJxb:";

    /** What the flags ask for. */
    enum Action { INJECT, LIST_QUEUE, USAGE, REFUSE_NEWALIASES, SMTP }

    /**
     * The decision: what to do, and for INJECT qmail-inject's arguments and environment.
     *
     * @param action what to do
     * @param injectArgs qmail-inject's arguments
     * @param environment qmail-inject's environment
     */
    record Plan(Action action, List<String> injectArgs, Map<String, String> environment) {
    }

    private Sendmail() {
    }

    /** sendmail as this process, invoked under {@code name} ({@code sendmail}, {@code mailq}, {@code newaliases}). */
    public static int run(String name, String[] args) {
        Plan plan = plan(name, List.of(args), System.getenv(), System.err);
        return switch (plan.action()) {
            case INJECT -> QmailInjectTool.run(plan.injectArgs(), plan.environment(), new CrlfToLf(System.in),
                    "qmail-inject");
            case LIST_QUEUE -> listQueue(System.err);
            case USAGE -> {
                System.err.println(USAGE);
                yield 100;
            }
            case REFUSE_NEWALIASES -> {
                System.err.println("sendmail: fatal: please use fastforward/newaliases instead");
                yield 100;
            }
            case SMTP -> LocalSmtp.run(plan.environment(), System.in, System.out, System.err);
        };
    }

    /** Reads the flags as qmail's sendmail does, in its order: options first, then the name it runs under. */
    static Plan plan(String name, List<String> args, Map<String, String> environment, PrintStream err) {
        Map<String, String> env = new HashMap<>(environment);
        Getopt options = new Getopt(args, OPTIONS, name, err);
        boolean headerRecipients = false;
        String sender = null;
        for (int c; (c = options.next()) != Getopt.DONE;) {
            switch (c) {
                case 't' -> headerRecipients = true;
                case 'f' -> sender = options.argument();
                case 'F' -> env.put("MAILNAME", options.argument());
                case 'E', 'J' -> options.skipRestOfWord();
                case 'b' -> {
                    String mode = options.argument();
                    char letter = mode.isEmpty() ? 0 : mode.charAt(0);
                    if (letter == 'p') {
                        return new Plan(Action.LIST_QUEUE, List.of(), env);
                    }
                    if (letter == 's') {
                        return new Plan(Action.SMTP, List.of(), env);
                    }
                    if (letter != 'm') {
                        return new Plan(Action.USAGE, List.of(), env);
                    }
                }
                case 'B', 'p', 'v', 'i', 'x', 'm', 'e', 'o' -> {
                    // qmail has one delivery mode, one error mode, and reads to the end of input
                }
                default -> {
                    return new Plan(Action.USAGE, List.of(), env);
                }
            }
        }
        if (name.equals("mailq")) {
            return new Plan(Action.LIST_QUEUE, List.of(), env);
        }
        if (name.equals("newaliases")) {
            return new Plan(Action.REFUSE_NEWALIASES, List.of(), env);
        }
        List<String> injectArgs = new ArrayList<>();
        injectArgs.add(headerRecipients ? "-H" : "-a");
        if (sender != null) {
            injectArgs.add("-f");
            injectArgs.add(sender);
            useSender(sender, env);
        }
        injectArgs.add("--");
        injectArgs.addAll(options.operands());
        return new Plan(Action.INJECT, injectArgs, env);
    }

    // qmail's do_sender: the From line of a -f message names the sender, not the caller.
    private static void useSender(String sender, Map<String, String> env) {
        for (String name : List.of("QMAILNAME", "MAILNAME", "NAME", "QMAILHOST", "MAILHOST")) {
            env.remove(name);
        }
        MailAddress address = MailAddress.parse(sender);
        env.put("QMAILUSER", address.local());
        if (address.hasAt()) {
            env.put("QMAILHOST", address.domain());
        }
    }

    // qmail's mailq() execs bin/qmail-qread; here it runs as a child with this process's descriptors.
    private static int listQueue(PrintStream err) {
        String distribution = System.getProperty(ToolHome.DISTRIBUTION);
        if (distribution == null) {
            err.println("sendmail: fatal: unable to run qmail-qread");
            return 111;
        }
        try {
            return new ProcessBuilder(Path.of(distribution, "bin", "qmail-qread").toString()).inheritIO().start().waitFor();
        } catch (IOException e) {
            err.println("sendmail: fatal: unable to run qmail-qread");
            return 111;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 111;
        }
    }
}

package org.tessera.tools;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import org.tessera.tools.inject.QmailInjectTool;
import org.tessera.tools.qmqp.CondredirectTool;
import org.tessera.tools.qmqp.ForwardTool;
import org.tessera.tools.qmqp.QmailQmqpc;
import org.tessera.tools.sendmail.Sendmail;

/**
 * The one entry point of the command-line tools ({@code bin/tessera-tool TOOL [ARG ...]}, which every
 * tool script of {@code bin/} runs): the first argument names the tool, the rest are its own. A plain
 * class path, no OSGi framework, so a tool starts in a fraction of a second.
 */
public final class Main {

    /** One tool: its arguments in, its exit status out. */
    @FunctionalInterface
    public interface Tool {
        int run(String[] args);
    }

    private static final Map<String, Tool> TOOLS = new TreeMap<>(Map.of(
            "forward", ForwardTool::run,
            "condredirect", CondredirectTool::run,
            "qmail-qmqpc", QmailQmqpc::run,
            "qmail-inject", QmailInjectTool::run,
            "sendmail", args -> Sendmail.run("sendmail", args),
            "mailq", args -> Sendmail.run("mailq", args),
            "newaliases", args -> Sendmail.run("newaliases", args)));

    private Main() {
    }

    public static void main(String[] args) {
        Tool tool = args.length == 0 ? null : TOOLS.get(args[0]);
        if (tool == null) {
            System.err.println("tessera-tool: usage: tessera-tool TOOL [ARG ...]; tools: " + String.join(" ", TOOLS.keySet()));
            System.exit(100);
        }
        int exit = tool.run(Arrays.copyOfRange(args, 1, args.length));
        System.out.flush();
        System.exit(exit);
    }
}

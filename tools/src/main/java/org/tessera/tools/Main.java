package org.tessera.tools;

import java.util.Arrays;

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

    private static final String NAMES = "condredirect forward mailq newaliases qmail-inject qmail-qmqpc sendmail";

    private Main() {
    }

    public static void main(String[] args) {
        String name = args.length == 0 ? "" : args[0];
        String[] toolArgs = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        // A switch, not a table of lambdas: each lambda's first call costs a short-lived tool start-up time.
        int exit = switch (name) {
            case "forward" -> ForwardTool.run(toolArgs);
            case "condredirect" -> CondredirectTool.run(toolArgs);
            case "qmail-qmqpc" -> QmailQmqpc.run(toolArgs);
            case "qmail-inject" -> QmailInjectTool.run(toolArgs);
            case "sendmail", "mailq", "newaliases" -> Sendmail.run(name, toolArgs);
            default -> {
                System.err.println("tessera-tool: usage: tessera-tool TOOL [ARG ...]; tools: " + NAMES);
                yield 100;
            }
        };
        System.out.flush();
        System.exit(exit);
    }
}

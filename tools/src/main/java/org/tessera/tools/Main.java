package org.tessera.tools;

import java.util.Arrays;
import java.util.List;

import org.tessera.common.cdb.CdbFileStore;
import org.tessera.common.users.Newu;
import org.tessera.common.pw2u.Pw2u;
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

    private static final String NAMES = "condredirect forward mailq newaliases qmail-inject qmail-newu qmail-pw2u qmail-qmqpc"
            + " sendmail tcprules tessera-passwd";

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
            case "tcprules" -> TcpRulesTool.run(List.of(toolArgs), System.in, System.err, new CdbFileStore());
            case "tessera-passwd" -> PasswdTool.run(toolArgs, ToolHome.resolve(System.getenv()).toString());
            case "qmail-newu" -> Newu.run(ToolHome.resolve(System.getenv()), new CdbFileStore(), System.err);
            case "qmail-pw2u" -> Pw2u.run(List.of(toolArgs), ToolHome.resolve(System.getenv()), System.in, System.out,
                    System.err);
            default -> {
                System.err.println("tessera-tool: usage: tessera-tool TOOL [ARG ...]; tools: " + NAMES);
                yield 100;
            }
        };
        System.out.flush();
        System.exit(exit);
    }
}

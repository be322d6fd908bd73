package org.tessera.tools.qmqp;

import java.io.FileInputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/forward addr...} (forward(1)): queues {@code $DTLINE} and the message on standard input
 * to each address with the sender {@code $NEWSENDER}, by QMQP to the running server; prints
 * {@code forward: qp <n>}. Exit 0; 100 for a usage error, a missing variable or a permanent
 * refusal; 111 for anything temporary (the server down among them).
 */
public final class ForwardTool {

    private static final String FATAL = "forward: fatal: ";

    private ForwardTool() {
    }

    /** The tool with this process's environment, standard input and standard error. */
    public static int run(String[] args) {
        return run(args, System.getenv(), Injection.stdin(), System.err);
    }

    static int run(String[] args, Map<String, String> environment, FileInputStream stdin, PrintStream err) {
        if (args.length == 0) {
            err.println("forward: usage: forward address [...]");
            return 100;
        }
        String sender = environment.get("NEWSENDER");
        if (sender == null) {
            err.println(FATAL + "NEWSENDER not set");
            return 100;
        }
        String dtline = environment.get("DTLINE");
        if (dtline == null) {
            err.println(FATAL + "DTLINE not set");
            return 100;
        }
        Injection.Outcome outcome = Injection.inject(environment, dtline, stdin, sender, List.of(args));
        if (!outcome.queued()) {
            err.println(FATAL + outcome.text().substring(1));
            return outcome.permanent() ? 100 : 111;
        }
        err.println("forward: qp " + outcome.text());
        return 0;
    }
}

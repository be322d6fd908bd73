package org.tessera.tools.inject;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.tessera.tools.ControlDirectory;
import org.tessera.tools.ToolHome;
import org.tessera.tools.qmqp.QmqpMessageQueue;

/** {@code bin/qmail-inject}: {@link QmailInject} with this process's environment, the home's controls and QMQP. */
public final class QmailInjectTool {

    private QmailInjectTool() {
    }

    /** qmail-inject with these arguments, as this process. */
    public static int run(String[] args) {
        return run(List.of(args), System.getenv(), System.in, "qmail-inject");
    }

    /**
     * This process's id, read from the link {@code /proc/self}: {@code ProcessHandle} starts the
     * process-reaper machinery, which costs a short-lived tool a few milliseconds.
     */
    private static long processId() {
        try {
            return Long.parseLong(new File("/proc/self").getCanonicalFile().getName());
        } catch (IOException | NumberFormatException notLinux) {
            return ProcessHandle.current().pid();
        }
    }

    /**
     * qmail-inject with the arguments and environment given (sendmail's, after its own flags).
     *
     * @param message the message to read
     * @param program the name in failure lines
     */
    public static int run(List<String> args, Map<String, String> environment, InputStream message, String program) {
        ControlDirectory control = new ControlDirectory(ToolHome.resolve(environment));
        QmailInject inject = new QmailInject(Clock.systemUTC(), processId(),
                Path.of(System.getProperty("java.io.tmpdir")));
        return inject.run(args, environment, control, message, System.out, System.err,
                new QmqpMessageQueue(environment, program));
    }
}

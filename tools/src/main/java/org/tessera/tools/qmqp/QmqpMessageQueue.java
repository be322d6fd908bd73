package org.tessera.tools.qmqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.tessera.tools.inject.MessageQueue;
import org.tessera.tools.inject.Spool;

/**
 * qmail-inject's queue: the fixed message by QMQP to the running server, acknowledged
 * only by the server's K; a failure is qmail-inject's {@code fatal:} line with qmail_close's text.
 */
public final class QmqpMessageQueue implements MessageQueue {

    private final Map<String, String> environment;
    private final String program;

    /**
     * @param environment for {@code TESSERA_HOME} and {@code TESSERA_QMQP_PORT}
     * @param program the name that starts the failure line, e.g. {@code qmail-inject}
     */
    public QmqpMessageQueue(Map<String, String> environment, String program) {
        this.environment = environment;
        this.program = program;
    }

    @Override
    public int inject(String sender, List<String> recipients, Spool message, PrintStream stderr) {
        String failure;
        try (InputStream body = message.open()) {
            Injection.Queued queued = Injection.queue(environment, new byte[0], body, message.length(), sender,
                    recipients);
            if (queued.exitCode() == 0) {
                return 0;
            }
            failure = queued.failureText();
        } catch (IOException e) {
            failure = Injection.failure(54);
        }
        stderr.println(program + ": fatal: " + failure.substring(1));
        return failure.startsWith("D") ? 100 : 111;
    }
}

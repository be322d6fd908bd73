package org.tessera.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.queue.QueueAdmin;

/** {@code qmail:doqueue}: retry every deferred delivery now (qmail's ALRM). */
@Service
@Command(scope = "qmail", name = "doqueue",
        description = "Makes every deferred delivery due now, as qmail-send does on ALRM (qmailctl doqueue).")
public final class DoqueueCommand extends QueueAction {

    @Override
    void run(QueueAdmin admin, PrintStream out) {
        admin.retryAll();
        out.println("every pending delivery is due now");
    }
}

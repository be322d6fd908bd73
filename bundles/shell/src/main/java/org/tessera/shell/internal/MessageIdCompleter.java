package org.tessera.shell.internal;

import java.io.IOException;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.tessera.api.queue.QueueAdmin;

/** Completes a message id argument with the ids in the queue now (none when the queue is not running). */
@Service
public final class MessageIdCompleter implements Completer {

    @Reference(optional = true)
    QueueAdmin queue;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter ids = new StringsCompleter();
        QueueAdmin admin = queue;
        if (admin != null) {
            try {
                admin.messages().forEach(m -> ids.getStrings().add(Long.toString(m.id())));
            } catch (IOException e) {
                return -1; // no completion when the queue cannot be read; the command reports the error
            }
        }
        return ids.complete(session, commandLine, candidates);
    }
}

package org.tessera.shell.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.QueueAdmin;
import org.tessera.api.queue.QueuedMessage;

/** {@code qmail:queue-show <id>}: one message's envelope, each recipient's state, and its header (never the body). */
@Service
@Command(scope = "qmail", name = "queue-show",
        description = "Shows one queued message: envelope (date, size, sender, qp, uid), each recipient with "
                + "its channel, state, next attempt and last report, and the message's header (at most "
                + MessageHeader.DEFAULT_LIMIT + " bytes; never the body).")
public final class QueueShowCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "the message's id, as qmail:queue shows it")
    @Completion(MessageIdCompleter.class)
    String id;

    @Reference(optional = true)
    QueueAdmin queue;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        QueueAdmin admin = QueueCommands.require(queue);
        long number = QueueCommands.id(id);
        QueuedMessage message = admin.message(number).orElseThrow(() -> QueueCommands.notQueued(number));
        MessageHeader header = null;
        Optional<MessageContent> content = admin.content(number);
        if (content.isPresent()) {
            try (InputStream in = new BufferedInputStream(content.get().open(), 8192)) {
                header = MessageHeader.read(in, MessageHeader.DEFAULT_LIMIT);
            }
        }
        QueueShowFormat.lines(message, header, Instant.now()).forEach(session.getConsole()::println);
        return null;
    }
}

package org.tessera.shell.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Optional;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.QueueAdmin;
import org.tessera.api.queue.QueuedMessage;

/** {@code qmail:queue-show <id>}: one message's envelope, each recipient's state, and its header (never the body). */
@Service
@Command(scope = "qmail", name = "queue-show",
        description = "Shows one queued message: envelope (date, size, sender, qp, uid), each recipient with "
                + "its channel, state, next attempt and last report, and the message's header (at most "
                + MessageHeader.DEFAULT_LIMIT + " bytes; never the body).")
public final class QueueShowCommand extends MessageAction {

    @Override
    void run(QueueAdmin admin, long message, PrintStream out) throws IOException {
        QueuedMessage queued = admin.message(message).orElseThrow(() -> QueueCommands.notQueued(message));
        MessageHeader header = null;
        Optional<MessageContent> content = admin.content(message);
        if (content.isPresent()) {
            try (InputStream in = new BufferedInputStream(content.get().open(), 8192)) {
                header = MessageHeader.read(in, MessageHeader.DEFAULT_LIMIT);
            }
        }
        QueueShowFormat.lines(queued, header, Instant.now()).forEach(out::println);
    }
}

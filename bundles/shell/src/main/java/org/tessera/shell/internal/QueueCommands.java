package org.tessera.shell.internal;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.queue.QueueAdmin;

/** What the queue commands share: the checks of their optional services and of a message id. */
final class QueueCommands {

    static final String NO_QUEUE = "the queue is not running: no QueueAdmin service";
    static final String BOUNCE_REASON = "Message bounced by the administrator. (#5.0.0)";
    static final String NO_CONTROL = "the control files are not loaded: no ControlFiles service";

    private QueueCommands() {
    }

    /** The queue's admin service; the reference is optional so that the command exists before the queue bundle does. */
    static QueueAdmin require(QueueAdmin admin) {
        if (admin == null) {
            throw new IllegalStateException(NO_QUEUE);
        }
        return admin;
    }

    static ControlFiles require(ControlFiles control) {
        if (control == null) {
            throw new IllegalStateException(NO_CONTROL);
        }
        return control;
    }

    /** A message id as {@code qmail:queue} prints it, with or without its {@code #}. */
    static long id(String argument) {
        String digits = argument.startsWith("#") ? argument.substring(1) : argument;
        try {
            long id = Long.parseLong(digits);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a message id: " + argument + " (see qmail:queue)");
    }

    static IllegalArgumentException notQueued(long id) {
        return new IllegalArgumentException("no message #" + id + " in the queue");
    }
}

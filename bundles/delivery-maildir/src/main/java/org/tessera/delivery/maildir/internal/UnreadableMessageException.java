package org.tessera.delivery.maildir.internal;

import java.io.IOException;

/** The message could not be read (rather than the Maildir written): qmail-local's own text differs. */
final class UnreadableMessageException extends IOException {

    UnreadableMessageException(String message) {
        super(message);
    }

    UnreadableMessageException(IOException cause) {
        super(cause);
    }
}

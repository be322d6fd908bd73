package org.tessera.queue.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mail log: qmail-send's lines go to the logger {@code tessera.maillog},
 * which the maillog bundle writes with TAI64N labels to {@code log/current}.
 */
final class MailLog {

    // The name is the contract with the maillog bundle, not this class's name.
    private static final Logger LOG = LoggerFactory.getLogger("tessera.maillog");

    private MailLog() {
    }

    /** Writes one qmail-send line, without its newline. */
    static void write(String line) {
        LOG.info(line);
    }
}

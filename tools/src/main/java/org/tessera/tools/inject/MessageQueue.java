package org.tessera.tools.inject;

import java.io.PrintStream;
import java.util.List;

/** Where qmail-inject hands a fixed message for queueing (qmail-queue's place). */
@FunctionalInterface
public interface MessageQueue {

    /**
     * Queues one message. Addresses are byte strings: each char is one byte of the address
     * (ISO-8859-1), since header addresses may hold any bytes.
     *
     * @param sender the envelope sender; empty for the null sender {@code <>}
     * @param recipients the envelope recipients in order, duplicates kept; may be empty
     * @param message the complete fixed message (header and body, LF line ends); discarded after
     *     this returns
     * @param stderr where to print {@code qmail-inject: fatal: <reason>} when queueing fails
     * @return the exit code for qmail-inject: 0 queued, 100 permanently refused, 111 temporary failure
     */
    int inject(String sender, List<String> recipients, Spool message, PrintStream stderr);
}

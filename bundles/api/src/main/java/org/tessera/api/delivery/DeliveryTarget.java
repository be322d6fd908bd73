package org.tessera.api.delivery;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Carries out one kind of {@code .qmail} instruction. Register it with the service property
 * {@link #KIND}; the LOCAL channel uses the highest-ranked target of each kind, and defers the
 * delivery (temporary failure, retried later) while there is none.
 *
 * <p>The LOCAL channel maps qmail's line types onto the built-in kinds: a line ending in
 * {@code /} to {@link #MAILDIR}, other {@code .} or {@code /} lines to {@link #MBOX},
 * {@code |} lines to {@link #PROGRAM}, {@code &} and address lines to {@link #FORWARD}. The
 * {@code .qmail} syntax that names any other kind is defined and documented by the LOCAL
 * channel.
 *
 * <p>{@link #deliver} is called on a worker thread of the LOCAL channel, never on an event
 * loop, and may block (fsync, a program). It is called for several recipients at once, so it
 * must be thread-safe; it must not keep the {@link Delivery} after it returns. When Tessera
 * runs as root, a target must not write files or run programs as root: one that implements
 * {@link UserProcessTarget} is run in the user's own process, switched to
 * {@code delivery.user().uid()} and {@code gid()}; any other runs in the server and must not touch
 * the user's files (deliveries for uid 0 are refused before any target is called).
 */
@ConsumerType
public interface DeliveryTarget {

    /** Service property naming the kind of instruction a target carries out (type {@code String}). */
    String KIND = "tessera.delivery.kind";

    /**
     * {@link #KIND} of Maildir delivery: {@code tmp/} then {@code new/} with a unique name,
     * synced before the rename. Writes {@code RPLINE}, {@code DTLINE}, then the message.
     */
    String MAILDIR = "maildir";

    /**
     * {@link #KIND} of mbox delivery: locked append of {@code UFLINE}, {@code RPLINE},
     * {@code DTLINE}, the message with {@code >From} quoting, and an empty line.
     */
    String MBOX = "mbox";

    /**
     * {@link #KIND} of program delivery: {@code /bin/sh -c <command>} in the home directory,
     * with the qmail-command environment and the message, unchanged, on standard input; its
     * output is the report. Exit 0 success, 99 success and stop, 100, 64, 65, 70, 76, 77, 78
     * and 112 permanent, any other temporary.
     */
    String PROGRAM = "program";

    /**
     * {@link #KIND} of forwarding: one injection of {@code DTLINE} and the message, from
     * {@code NEWSENDER}, to every forward address of the {@code .qmail} file.
     */
    String FORWARD = "forward";

    /**
     * Carries out one instruction.
     *
     * <p>A {@code RuntimeException} counts as a temporary failure. A target must map its own
     * errors to qmail's outcomes and texts, for example a Maildir write error to
     * {@link DeliveryResult.Outcome#TEMPORARY} with {@code Unable to write ... (#4.3.0)}.
     *
     * @param delivery the instruction, the user, the envelope and the message
     * @return the outcome and the text for the report
     */
    DeliveryResult deliver(Delivery delivery);
}

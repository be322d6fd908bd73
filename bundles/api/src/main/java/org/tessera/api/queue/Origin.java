package org.tessera.api.queue;

import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Who injects a message: qmail-queue's view of its caller's real uid, which chooses the
 * {@code invoked ...} words of the queue's {@code Received} line and the {@code uid} of the
 * mail log's {@code info msg} line.
 *
 * @param kind the kind of injector
 * @param uid for {@link Kind#USER} and {@link Kind#ALIAS} the uid of the user a forward is made
 *        for (the {@link org.tessera.api.users.MailUser#uid()} of the delivery);
 *        {@link #SERVER_UID} for {@link Kind#NETWORK} and {@link Kind#BOUNCE}, where the queue
 *        records the server's own uid
 */
@ConsumerType
public record Origin(Kind kind, long uid) {

    /** The {@code uid} of the origins whose uid the queue knows itself. */
    public static final long SERVER_UID = -1;

    /** A listener: SMTP, QMTP, QMQP (and so the injection tools, which submit by QMQP). */
    public static final Origin NETWORK = new Origin(Kind.NETWORK, SERVER_UID);

    /** The queue's own bounces and double bounces. */
    public static final Origin BOUNCE = new Origin(Kind.BOUNCE, SERVER_UID);

    /**
     * Validates the components.
     *
     * @param kind the kind, not null
     * @param uid 0 to 4294967295 for {@link Kind#USER} and {@link Kind#ALIAS}, else {@link #SERVER_UID}
     * @throws NullPointerException when the kind is null
     * @throws IllegalArgumentException when the uid does not fit the kind
     */
    public Origin {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.USER || kind == Kind.ALIAS) {
            if (uid < 0 || uid > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("uid out of range for " + kind + ": " + uid);
            }
        } else if (uid != SERVER_UID) {
            throw new IllegalArgumentException(kind + " takes the server's uid, not " + uid);
        }
    }

    /** The kinds of injector qmail-queue tells apart. */
    @ConsumerType
    public enum Kind {
        /** A network listener ({@code invoked from network}). */
        NETWORK,
        /** The queue's bounce ({@code invoked for bounce}). */
        BOUNCE,
        /** A forward from a {@code .qmail} file of the alias user ({@code invoked by alias}). */
        ALIAS,
        /** A forward from a {@code .qmail} file of another user ({@code invoked by uid <uid>}). */
        USER
    }
}

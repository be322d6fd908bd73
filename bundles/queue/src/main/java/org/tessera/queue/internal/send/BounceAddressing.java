package org.tessera.queue.internal.send;

import java.util.Objects;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;

/**
 * Who a bounce goes to and from, decided by the failed message's sender (qmail-send(8)).
 *
 * @param kind single, double, or discarded (triple) bounce
 * @param envelopeSender the bounce's envelope sender: empty for a single bounce, {@code #@[]}
 *        for a double bounce, empty for a discarded one
 * @param recipient the bounce's single envelope recipient and {@code To:}; empty when discarded
 * @param returnPath the failed message's sender without the VERP suffix, shown in {@code Return-Path:}
 */
public record BounceAddressing(Kind kind, String envelopeSender, String recipient, String returnPath) {

    /** The envelope sender of double bounces; a failure of such a message is a triple bounce. */
    public static final String DOUBLE_BOUNCE_SENDER = MailAddress.DOUBLE_BOUNCE_SENDER.text();

    /** The three outcomes of qmail-send's injectbounce. */
    public enum Kind {
        /** A bounce to the failed message's sender, from {@code <>}. */
        SINGLE,
        /** The failed message was a bounce: to doublebounceto@doublebouncehost, from {@code #@[]}. */
        DOUBLE,
        /** The failed message was a double bounce: nothing is sent ({@code triple bounce:} is logged). */
        DISCARD
    }

    /** Validates the components. */
    public BounceAddressing {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(envelopeSender, "envelopeSender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(returnPath, "returnPath");
    }

    /**
     * Addresses the bounce of a finished message.
     *
     * @param sender the failed message's envelope sender as queued ({@code ""} for {@code <>})
     * @param controls supplies doublebounceto and doublebouncehost
     * @return the addressing
     */
    public static BounceAddressing of(String sender, ControlFiles controls) {
        // qmail strips the VERP suffix first and tests "#@[]" and emptiness on the result.
        String stripped = Verp.strip(sender);
        if (stripped.equals(DOUBLE_BOUNCE_SENDER)) {
            return new BounceAddressing(Kind.DISCARD, "", "", stripped);
        }
        if (stripped.isEmpty()) {
            // doublebounceto and doublebouncehost are concatenated verbatim, as qmail-send does; the text
            // is split at its last @ only when the bounce is injected, like every queued address.
            String to = controls.doubleBounceTo() + "@" + controls.doubleBounceHost();
            return new BounceAddressing(Kind.DOUBLE, DOUBLE_BOUNCE_SENDER, to, stripped);
        }
        return new BounceAddressing(Kind.SINGLE, "", stripped, stripped);
    }
}

package org.tessera.queue.internal.send;

import java.util.Objects;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;

/**
 * One envelope recipient after qmail-send's rewriting: its channel, the address the channel gets
 * and the address a bounce shows.
 *
 * @param channel the channel that delivers it
 * @param address the rewritten address as the channel's {@code T} record holds it, for a virtual
 *        domain {@code prepend-L@D}
 * @param bounceAddress the address after envnoathost and the percent hack but without the
 *        virtual-domain prepend, as the bounce block shows it
 */
public record ClassifiedRecipient(Channel channel, String address, String bounceAddress) {

    /** Validates the components. */
    public ClassifiedRecipient {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bounceAddress, "bounceAddress");
    }

    /**
     * Returns the rewritten address split at its last {@code @}, as a delivery channel takes it.
     *
     * @return the address handed to {@link org.tessera.api.queue.DeliveryChannel#deliver}
     */
    public MailAddress toMailAddress() {
        return Addresses.parse(address);
    }
}

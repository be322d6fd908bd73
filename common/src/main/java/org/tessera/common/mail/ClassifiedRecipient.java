package org.tessera.common.mail;

import java.util.Objects;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;

/**
 * One envelope recipient after qmail-send's rewriting: its channel, the address the channel gets
 * and the address a bounce shows.
 *
 * @param channel the channel that delivers it
 * @param address the rewritten address as the channel's {@code T} record holds it and
 *        {@link org.tessera.api.queue.DeliveryChannel#deliver} takes it, for a virtual domain
 *        {@code prepend-L@D}
 * @param bounceAddress the address after envnoathost and the percent hack but without the
 *        virtual-domain prepend, as the bounce block shows it
 */
public record ClassifiedRecipient(Channel channel, MailAddress address, MailAddress bounceAddress) {

    /** Validates the components. */
    public ClassifiedRecipient {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(bounceAddress, "bounceAddress");
    }
}

package org.tessera.common.mail;

import java.util.Objects;
import java.util.Optional;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.VirtualDomain;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;

/**
 * Rewrites and classifies envelope recipients in qmail-send's exact order (qmail-send(8)):
 * {@code envnoathost} for an address without {@code @}, {@code percenthack}, {@code locals},
 * then {@code virtualdomains}. The queue routes every recipient by it and the RCPT-time
 * recipient check asks it which address local delivery would get, so the two cannot disagree.
 */
public final class RecipientClassifier {

    /** conf-break: the delimiter between a virtual-domain prepend and the address. */
    static final char BREAK = '-';

    private final ControlFiles controls;

    /**
     * Creates a classifier over the current control files.
     *
     * @param controls supplies envnoathost, percenthack, locals and virtualdomains
     */
    public RecipientClassifier(ControlFiles controls) {
        this.controls = Objects.requireNonNull(controls, "controls");
    }

    /**
     * Rewrites and classifies one recipient.
     *
     * @param recipient the recipient as queued (a {@code T} record of {@code todo/}), or as it would be
     * @return its channel, the address the channel gets and the address a bounce shows
     */
    public ClassifiedRecipient classify(MailAddress recipient) {
        MailAddress address = rewrite(recipient);
        if (controls.isLocal(address.domain())) {
            return new ClassifiedRecipient(Channel.LOCAL, address, address);
        }
        Optional<VirtualDomain> virtual = controls.virtualDomain(address.text());
        if (virtual.isPresent() && !virtual.get().isException()) {
            MailAddress prepended = new MailAddress(virtual.get().prepend() + BREAK + address.local(),
                    address.domain(), true);
            return new ClassifiedRecipient(Channel.LOCAL, prepended, address);
        }
        return new ClassifiedRecipient(Channel.REMOTE, address, address);
    }

    // qmail-send rewrites text, and so does this: only an address without any '@' gets
    // "@envnoathost" ("joe@" keeps its empty domain); then, while the text after the separating
    // '@' is listed in percenthack, the last '%' before it becomes the separator and that text is
    // dropped (u%d@listed is u@d, checked again). The result is split at its last '@' anew, as
    // qmail-send does before it looks at locals: what followed the '%' may hold an '@' of its own.
    private MailAddress rewrite(MailAddress recipient) {
        StringBuilder text = new StringBuilder(recipient.local()).append('@')
                .append(recipient.hasAt() ? recipient.domain() : controls.envNoAtHost());
        int separator = recipient.local().length();
        while (controls.isPercentHack(text.substring(separator + 1))) {
            int percent = text.lastIndexOf("%", separator - 1);
            if (percent < 0) {
                break;
            }
            text.setLength(separator);
            text.setCharAt(percent, '@');
            separator = percent;
        }
        return MailAddress.parse(text.toString());
    }
}

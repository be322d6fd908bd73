package org.tessera.queue.internal.send;

import java.util.Objects;
import java.util.Optional;

import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.VirtualDomain;
import org.tessera.api.queue.Channel;

/** Rewrites and classifies envelope recipients in qmail-send's exact order (qmail-send(8)). */
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
     * Rewrites one {@code T} record of {@code todo/}.
     *
     * @param recipient the recipient exactly as queued, without the {@code T}
     * @return its channel, the address the channel gets and the address a bounce shows
     */
    public ClassifiedRecipient classify(String recipient) {
        String addr = recipient;
        int at = addr.lastIndexOf('@');
        if (at < 0) {
            // Only a recipient without any '@' gets envnoathost; "joe@" keeps its empty domain.
            at = addr.length();
            addr = addr + "@" + controls.envNoAtHost();
        }
        // Percent hack: the last '%' of the local part becomes the '@', while the domain is listed.
        while (controls.isPercentHack(addr.substring(at + 1))) {
            int percent = addr.lastIndexOf('%', at - 1);
            if (percent < 0) {
                break;
            }
            addr = addr.substring(0, percent) + "@" + addr.substring(percent + 1, at);
            at = percent;
        }
        if (controls.isLocal(addr.substring(at + 1))) {
            return new ClassifiedRecipient(Channel.LOCAL, addr, addr);
        }
        Optional<VirtualDomain> virtual = controls.virtualDomain(addr);
        if (virtual.isPresent() && !virtual.get().isException()) {
            return new ClassifiedRecipient(Channel.LOCAL, virtual.get().prepend() + BREAK + addr, addr);
        }
        return new ClassifiedRecipient(Channel.REMOTE, addr, addr);
    }

    /**
     * Removes the virtual-domain prepend from an address read back from a channel file, when the
     * original address was not kept (qmail's stripvdomprepend).
     *
     * @param rewritten a recipient as the local channel file holds it
     * @return the address without {@code prepend-} when the current virtualdomains added it, else unchanged
     */
    public String stripPrepend(String rewritten) {
        if (rewritten.indexOf('@') < 0) {
            return rewritten;
        }
        Optional<VirtualDomain> virtual = controls.virtualDomain(rewritten);
        if (virtual.isEmpty() || virtual.get().isException()) {
            return rewritten;
        }
        String prefix = virtual.get().prepend() + BREAK;
        return rewritten.startsWith(prefix) ? rewritten.substring(prefix.length()) : rewritten;
    }
}

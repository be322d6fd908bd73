package org.tessera.queue.internal.send;

import org.tessera.api.mail.MailAddress;

/** qmail-send's VERP sender expansion and suffix removal (cr.yp.to/proto/verp.txt). */
public final class Verp {

    /** The suffix of a sender that requests VERP: {@code pre@host-@[]}. */
    public static final String SUFFIX = "-@[]";

    private Verp() {
    }

    /**
     * Tells whether a sender requests per-recipient expansion.
     *
     * @param sender the envelope sender as queued
     * @return whether it ends with {@code -@[]}
     */
    public static boolean isVerp(String sender) {
        return sender.endsWith(SUFFIX);
    }

    /**
     * Returns the sender handed to a channel for one recipient (qmail's senderadd):
     * {@code pre@host-@[]} and {@code box@dom} give {@code prebox=dom@host}.
     *
     * @param sender the envelope sender as queued, {@code pre@host-} at {@code []} for VERP
     * @param recipient the rewritten recipient (including any virtual-domain prepend)
     * @return the expanded sender, or the sender unchanged when it is not VERP, has no {@code @}
     *         before {@code -@[]}, or the recipient has no {@code @}
     */
    public static MailAddress expand(MailAddress sender, MailAddress recipient) {
        if (!isVerp(sender.text())) {
            return sender;
        }
        MailAddress owner = MailAddress.parse(strip(sender.text()));
        if (!owner.hasAt() || !recipient.hasAt()) {
            return sender;
        }
        return new MailAddress(owner.local() + recipient.local() + "=" + recipient.domain(), owner.domain(), true);
    }

    /**
     * Removes the VERP suffix, as qmail-send does before addressing a bounce:
     * {@code pre@host-@[]} becomes {@code pre@host}.
     *
     * @param sender the envelope sender as queued
     * @return the sender without {@code -@[]}, or unchanged
     */
    public static String strip(String sender) {
        return isVerp(sender) ? sender.substring(0, sender.length() - SUFFIX.length()) : sender;
    }
}

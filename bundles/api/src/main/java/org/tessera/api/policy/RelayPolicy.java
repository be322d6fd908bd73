package org.tessera.api.policy;

import org.osgi.annotation.versioning.ConsumerType;
import org.tessera.api.mail.MailAddress;

/**
 * Decides at RCPT time whether a recipient is taken from a client: qmail's
 * {@code RELAYCLIENT}-or-{@code rcpthosts} rule, and whatever a plugin adds (authentication,
 * recipient checks, greylisting).
 *
 * <p>The listener asks the services in {@code service.ranking} order, highest first; the
 * first answer other than {@link Verdict.Outcome#NO_OPINION} decides. When there is no
 * service, or every one has no opinion, the recipient is deferred with {@code 451}: Tessera
 * fails closed and never relays by default. The {@code relay-policy} bundle, which always
 * answers, registers with {@link #RELAY_RANKING}, so a plugin ranked higher speaks first. Checks the
 * listener makes itself come before the chain (qmail-smtpd's {@code badmailfrom}, the 899-byte
 * limit), and after an accepting verdict the listener appends {@code RELAYCLIENT}'s value to
 * the recipient when the environment sets it (qmail-smtpd(8)): policies see the
 * recipient as parsed.
 *
 * <p>Called on a thread of the listener's hook pool, possibly for many sessions at once, while
 * the session waits; may block. Each call has the listener's hook deadline
 * ({@code hookTimeoutSeconds}, 30 seconds unless configured): a call that passes it (the thread
 * is then interrupted), throws or returns {@code null} defers the recipient with {@code 451}.
 */
@ConsumerType
public interface RelayPolicy {

    /** {@code service.ranking} of the {@code rcpthosts}/{@code RELAYCLIENT} policy of the {@code relay-policy} bundle. */
    int RELAY_RANKING = 0;

    /**
     * Judges one recipient.
     *
     * @param transaction the transaction so far: its sender, and the recipients accepted before this one
     * @param recipient the recipient as parsed, {@code localiphost} already substituted
     * @return the verdict
     */
    Verdict check(MailTransaction transaction, MailAddress recipient);
}

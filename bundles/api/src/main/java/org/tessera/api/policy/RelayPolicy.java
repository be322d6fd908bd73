package org.tessera.api.policy;

import java.util.Map;

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
 * <p>Called off the event loop, possibly for many sessions at once; may block briefly. A
 * {@code RuntimeException} defers the recipient with {@code 451}.
 */
@ConsumerType
public interface RelayPolicy {

    /** {@code service.ranking} of the {@code rcpthosts}/{@code RELAYCLIENT} policy of the {@code relay-policy} bundle. */
    int RELAY_RANKING = 0;

    /**
     * Judges one recipient.
     *
     * @param client the connection
     * @param environment the variables of the client's connection rule (see
     *        {@link ConnectionDecision#environment()}); {@code RELAYCLIENT} present, even empty,
     *        means the client may relay
     * @param authenticatedUser the user name the session authenticated as, or empty
     * @param sender the envelope sender of the transaction
     * @param recipient the recipient as parsed, {@code localiphost} already substituted
     * @return the verdict
     */
    Verdict check(ClientInfo client, Map<String, String> environment, String authenticatedUser,
            MailAddress sender, MailAddress recipient);
}

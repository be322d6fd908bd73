package org.tessera.api.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Judges the name a client gives in {@code HELO} or {@code EHLO} (beyond qmail, which takes
 * any): a check that the name resolves, is not this host's, or is not a bare address literal.
 *
 * <p>The SMTP listener asks the services in {@code service.ranking} order, highest first; the
 * first answer other than {@link Verdict.Outcome#NO_OPINION} decides. With no service, or no
 * opinion from any, the greeting is answered as qmail-smtpd answers it. A rejection or deferral
 * is the reply to the {@code HELO}, and the session keeps the name it had before, so a client
 * may try again; a later {@link SenderPolicy} or {@link RelayPolicy} sees
 * {@link MailTransaction#helo()} as it then stands.
 *
 * <p>Called on a thread of the listener's hook pool while the session waits; may block (a DNS
 * lookup). Each call has the listener's hook deadline ({@code hookTimeoutSeconds}, 30 seconds
 * unless configured): a call that passes it, throws or returns {@code null} is answered
 * {@code 451} (fail closed).
 */
@ConsumerType
public interface HeloPolicy {

    /**
     * Judges a greeting.
     *
     * @param transaction the session before this greeting ({@link MailTransaction#helo()} is the previous one)
     * @param helo the argument of the command, as the client sent it; may be empty
     * @return the verdict
     */
    Verdict check(MailTransaction transaction, String helo);
}

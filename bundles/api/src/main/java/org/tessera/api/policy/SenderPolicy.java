package org.tessera.api.policy;

import org.osgi.annotation.versioning.ConsumerType;
import org.tessera.api.mail.MailAddress;

/**
 * Judges the envelope sender at {@code MAIL FROM} (beyond qmail, whose only sender check is
 * {@code badmailfrom}, which stays the listener's own and is answered at RCPT as qmail does):
 * SPF, a check that the sender's domain exists, a rule that authenticated users send only as
 * themselves.
 *
 * <p>The SMTP listener asks the services in {@code service.ranking} order, highest first; the
 * first answer other than {@link Verdict.Outcome#NO_OPINION} decides. With no service, or no
 * opinion from any, the sender is taken as qmail-smtpd takes it. A rejection or deferral is the
 * reply to {@code MAIL}, and the client has no transaction until a sender is taken. QMTP and
 * QMQP, whose clients are other mail servers of the same operator, do not ask.
 *
 * <p>Called on a thread of the listener's hook pool while the session waits; may block (a DNS
 * lookup). Each call has the listener's hook deadline ({@code hookTimeoutSeconds}, 30 seconds
 * unless configured): a call that passes it, throws or returns {@code null} is answered
 * {@code 451} (fail closed).
 */
@ConsumerType
public interface SenderPolicy {

    /**
     * Judges a sender.
     *
     * @param transaction the session before this {@code MAIL}: no sender and no recipient yet
     * @param sender the sender as parsed, {@link MailAddress#NULL_SENDER} for {@code <>}
     * @return the verdict
     */
    Verdict check(MailTransaction transaction, MailAddress sender);
}

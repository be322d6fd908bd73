package org.tessera.api.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides at connect time whether a client may talk to a listener, and which environment
 * variables its session gets: tcpserver's {@code -x rules.cdb} (tcpserver(1), tcprules(1),
 * with its fixed lookup order), and beside it what a plugin adds (an RBL, a rate limiter). The
 * rules are chosen by {@link ClientInfo#listener()}.
 *
 * <p>Listeners ask the services in {@code service.ranking} order, highest first; the first
 * answer other than {@link ConnectionDecision.Outcome#NO_OPINION} decides. The tcprules service
 * of the {@code access} bundle registers with {@link #TCPRULES_RANKING} and always answers (its
 * own default when the listener's rules file is missing: allow with no environment, except QMQP,
 * which then accepts loopback clients only), so a plugin ranked higher speaks first. With no
 * service, or no opinion from any, a listener applies that same default itself.
 *
 * <p>Called once per connection on a thread of the listener's hook pool, before the client is
 * read; should be fast (a cdb lookup, a cached DNS answer). Each call has the listener's hook
 * deadline ({@code hookTimeoutSeconds}, 30 seconds unless configured): a call that passes it,
 * throws or returns {@code null} drops the connection (fail closed).
 */
@ConsumerType
public interface ConnectionRules {

    /** {@code service.ranking} of the tcprules service of the {@code access} bundle. */
    int TCPRULES_RANKING = 0;

    /**
     * Finds the rule for a client.
     *
     * @param client the connection, with the remote host name when the listener looked it up
     * @return allow with the rule's variables, deny, or no opinion
     */
    ConnectionDecision check(ClientInfo client);
}

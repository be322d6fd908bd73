package org.tessera.api.policy;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Decides at connect time whether a client may talk to a listener, and which environment
 * variables its session gets: tcpserver's {@code -x rules.cdb} (tcpserver(1), tcprules(1),
 * with its fixed lookup order). The rules are chosen by {@link ClientInfo#listener()}.
 *
 * <p>Listeners use the highest-ranked service. With none, or when the listener's rules file
 * is missing, a listener applies its own default: allow with no environment, except QMQP,
 * which then accepts loopback clients only. Called once per connection, off the event loop;
 * should be fast (a cdb lookup). A {@code RuntimeException} drops the connection.
 */
@ConsumerType
public interface ConnectionRules {

    /**
     * Finds the rule for a client.
     *
     * @param client the connection, with the remote host name when the listener looked it up
     * @return allow with the rule's variables, allow with none when no rule matched, or deny
     */
    ConnectionDecision check(ClientInfo client);
}

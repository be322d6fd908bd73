package org.tessera.api.listener;

import java.util.List;
import java.util.Objects;

/**
 * What a listener is doing now.
 *
 * @param protocol the protocol, upper case: {@code SMTP}, {@code QMTP}, {@code QMQP}, {@code POP3}
 * @param name the listener's name, which names its rules file {@code control/tcp.<name>}
 * @param addresses the bound addresses as {@code ip:port}; empty when the listener is disabled (port 0)
 * @param activeSessions connections holding a slot under {@code concurrencyincoming}
 * @param waitingSessions connections waiting, unanswered, for a slot
 */
public record ListenerState(String protocol, String name, List<String> addresses, int activeSessions,
        int waitingSessions) {

    /**
     * Validates the components.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a count is negative
     */
    public ListenerState {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(name, "name");
        addresses = List.copyOf(addresses);
        if (activeSessions < 0 || waitingSessions < 0) {
            throw new IllegalArgumentException("negative session count: " + activeSessions + ", " + waitingSessions);
        }
    }

    /** Whether the listener has a socket open (a port of 0 disables it). */
    public boolean listening() {
        return !addresses.isEmpty();
    }
}

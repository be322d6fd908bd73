package org.tessera.api.policy;

import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The rule found for a connection: {@code allow} with its variable assignments, or
 * {@code deny} (the connection is closed without a word).
 *
 * @param allowed whether the session may go on
 * @param environment the variables the rule assigns, the last assignment of a name winning,
 *        for example {@code RELAYCLIENT=""} or {@code DATABYTES=1000000}; empty when denied.
 *        The {@code TCP*} variables are not in it: they are in {@link ClientInfo}
 */
@ConsumerType
public record ConnectionDecision(boolean allowed, Map<String, String> environment) {

    /** Allow with no variables: what a missing rules file or a connection matching no rule gets. */
    public static final ConnectionDecision ALLOW = new ConnectionDecision(true, Map.of());

    /** Deny. */
    public static final ConnectionDecision DENY = new ConnectionDecision(false, Map.of());

    /**
     * Validates the components and copies the environment.
     *
     * @param allowed whether allowed
     * @param environment not null; names not empty and without {@code =} or NUL, values
     *        without NUL; empty when denied
     * @throws NullPointerException when the map, a name or a value is null
     * @throws IllegalArgumentException when a name or value is malformed or a denial has variables
     */
    public ConnectionDecision {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        if (!allowed && !environment.isEmpty()) {
            throw new IllegalArgumentException("a denial has no environment");
        }
        environment.forEach((name, value) -> {
            if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad variable name: " + name);
            }
            if (value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL in the value of " + name);
            }
        });
    }
}

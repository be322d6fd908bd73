package org.tessera.api.policy;

import java.util.Map;
import java.util.Objects;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link ConnectionRules} service's answer for a connection: {@code allow} with the variable
 * assignments of the rule, {@code deny} (the connection is closed without a word), or no opinion
 * (the next service in the chain decides).
 *
 * @param outcome what to do with the connection
 * @param environment the variables the rule assigns, the last assignment of a name winning,
 *        for example {@code RELAYCLIENT=""} or {@code DATABYTES=1000000}; empty unless allowed.
 *        The {@code TCP*} variables are not in it: they are in {@link ClientInfo}
 */
@ConsumerType
public record ConnectionDecision(Outcome outcome, Map<String, String> environment) {

    /** Allow with no variables: what a missing rules file or a connection matching no rule gets. */
    public static final ConnectionDecision ALLOW = new ConnectionDecision(Outcome.ALLOW, Map.of());

    /** Deny. */
    public static final ConnectionDecision DENY = new ConnectionDecision(Outcome.DENY, Map.of());

    /** No opinion: the next service decides. */
    public static final ConnectionDecision NO_OPINION = new ConnectionDecision(Outcome.NO_OPINION, Map.of());

    /**
     * Validates the components and copies the environment.
     *
     * @param outcome not null
     * @param environment not null; names not empty and without {@code =} or NUL, values
     *        without NUL; empty unless allowed
     * @throws NullPointerException when the outcome, the map, a name or a value is null
     * @throws IllegalArgumentException when a name or value is malformed or a decision other than
     *         allow has variables
     */
    public ConnectionDecision {
        Objects.requireNonNull(outcome, "outcome");
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        if (outcome != Outcome.ALLOW && !environment.isEmpty()) {
            throw new IllegalArgumentException("only an allowing decision has an environment");
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

    /**
     * Allows with the variables of a rule.
     *
     * @param environment the variables, as for the record's component
     * @return the decision
     */
    public static ConnectionDecision allow(Map<String, String> environment) {
        return new ConnectionDecision(Outcome.ALLOW, environment);
    }

    /** The answers of a connection rule. */
    @ConsumerType
    public enum Outcome {
        /** Let the client talk to the listener, with the rule's variables; no further service is asked. */
        ALLOW,
        /** Close the connection without a word; no further service is asked. */
        DENY,
        /** Ask the next service; when none has an opinion, the listener applies its own default. */
        NO_OPINION
    }
}

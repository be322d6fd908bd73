package org.tessera.api.policy;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A successful authentication of the client.
 *
 * @param user the user name the client proved, as the password checker accepted it
 * @param mechanism the SASL mechanism in upper case, for example {@code PLAIN} or {@code LOGIN}
 */
@ProviderType
public record Authentication(String user, String mechanism) {

    /**
     * Validates the components.
     *
     * @param user not null, not empty
     * @param mechanism not null, not empty
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is empty
     */
    public Authentication {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(mechanism, "mechanism");
        if (user.isEmpty() || mechanism.isEmpty()) {
            throw new IllegalArgumentException("user and mechanism must not be empty");
        }
    }
}

package org.tessera.api.control;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A matching line of {@code virtualdomains}: {@code key:prepend}.
 *
 * @param key the key that matched: an address, a domain, a {@code .suffix}, or empty for the catch-all
 * @param prepend the text put before {@code -} and the whole address; empty means the address stays remote
 */
@ProviderType
public record VirtualDomain(String key, String prepend) {

    /**
     * Validates the components.
     *
     * @param key the matching key
     * @param prepend the prepend text
     */
    public VirtualDomain {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(prepend, "prepend");
    }

    /**
     * Tells whether this entry is an exception ({@code domain:} with nothing after the colon).
     *
     * @return whether the address is not virtual and is delivered remotely
     */
    public boolean isException() {
        return prepend.isEmpty();
    }
}

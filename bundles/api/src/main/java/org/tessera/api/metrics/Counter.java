package org.tessera.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/** A number that only grows, from {@link Metrics#counter}. Thread-safe; never blocks. */
@ProviderType
public interface Counter {

    /** Adds one. */
    void increment();

    /**
     * Adds an amount.
     *
     * @param amount 0 or more
     * @throws IllegalArgumentException when the amount is negative
     */
    void increment(long amount);
}

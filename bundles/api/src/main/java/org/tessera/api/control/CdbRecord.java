package org.tessera.api.control;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One key and value of a cdb file.
 *
 * @param key the key bytes
 * @param value the value bytes
 */
@ProviderType
public record CdbRecord(byte[] key, byte[] value) {

    /**
     * Validates the components.
     *
     * @param key the key, not null
     * @param value the value, not null (may be empty)
     */
    public CdbRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}

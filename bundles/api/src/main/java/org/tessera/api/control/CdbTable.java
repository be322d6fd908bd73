package org.tessera.api.control;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * An open cdb file. Lookups are thread-safe; the contents never change while it is open
 * (a rebuilt file replaces the old one by rename, so reopen to see it).
 */
@ProviderType
public interface CdbTable extends Closeable {

    /**
     * Finds the first record with a key.
     *
     * @param key the key bytes
     * @return the value of the first record with that key, or empty
     * @throws IOException when the file cannot be read
     */
    Optional<byte[]> find(byte[] key) throws IOException;

    /**
     * Finds every record with a key.
     *
     * @param key the key bytes
     * @return the values in file order, empty when there is none
     * @throws IOException when the file cannot be read
     */
    List<byte[]> findAll(byte[] key) throws IOException;

    /**
     * Releases the file.
     *
     * @throws IOException when closing fails
     */
    @Override
    void close() throws IOException;
}

package org.tessera.api.control;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and writes constant databases in D. J. Bernstein's cdb format, byte-compatible with
 * the files of qmail's {@code qmail-newu}, {@code qmail-newmrh} and tcprules.
 */
@ProviderType
public interface CdbFiles {

    /**
     * Opens a cdb file for lookups.
     *
     * @param file the cdb file
     * @return the table, or empty when the file does not exist
     * @throws IOException when the file exists but cannot be read or is not a cdb file
     */
    Optional<CdbTable> open(Path file) throws IOException;

    /**
     * Writes a cdb file atomically: to a temporary file beside it, synced, then renamed over
     * the old one, so readers see either the old or the new file whole. Repeated keys are kept.
     *
     * @param file the cdb file to create or replace
     * @param records the records in the order they are to be found
     * @throws IOException when the file cannot be written
     */
    void write(Path file, Iterable<CdbRecord> records) throws IOException;
}

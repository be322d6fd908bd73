package org.tessera.queue.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses to start on a queue directory that is missing, not a directory or not writable, so
 * that a broken home stops the queue component at once (SCR reports it FAILED, and so does
 * {@code qmail:stat}) instead of leaving a server that takes connections it can never queue.
 */
final class QueueDirectory {

    private static final String PROBE = ".tessera-write-probe";

    private QueueDirectory() {
    }

    static void requireUsable(Path directory) {
        if (!Files.exists(directory)) {
            throw new IllegalStateException("alert: cannot start: queue directory " + directory
                    + " is missing (the home's first start creates it; check tessera.home / TESSERA_HOME)");
        }
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("alert: cannot start: " + directory + " is not a directory");
        }
        // A real write, not an access check: root passes access checks on a read-only file system.
        Path probe = directory.resolve(PROBE);
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalStateException("alert: cannot start: queue directory " + directory
                    + " is not writable: " + e, e);
        }
    }
}

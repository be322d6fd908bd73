package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Who the server process runs as, from {@code /proc/self}, and who owns a file. */
final class ServerIdentity {

    private ServerIdentity() {
    }

    /** Whether the process runs as uid 0; false where {@code /proc/self} or the unix attribute view is missing. */
    static boolean isRoot() {
        try {
            return owner(Path.of("/proc/self")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The uid that owns a file, following links as {@code stat} does. */
    static long owner(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:uid")).longValue();
    }

    /** The gid of a file, following links. */
    static long group(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:gid")).longValue();
    }

    /** The mode bits of a file ({@code st_mode & 07777}), following links. */
    static int mode(Path file) throws IOException {
        return ((Number) Files.getAttribute(file, "unix:mode")).intValue() & 07777;
    }
}

package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Home directories owned by a uid other than 0, as qmail-getpw and qmail-pw2u require. */
final class Homes4Test {

    /** The uid the tests give homes when they run as root. */
    static final long TEST_UID = 4242;

    private Homes4Test() {
    }

    /** Creates a directory owned by a non-root uid (chowned when running as root) and returns that uid. */
    static long home(Path directory) throws IOException {
        Files.createDirectories(directory);
        long owner = ServerIdentity.owner(directory);
        if (owner == 0) {
            Files.setAttribute(directory, "unix:uid", (int) TEST_UID);
            return TEST_UID;
        }
        return owner;
    }
}

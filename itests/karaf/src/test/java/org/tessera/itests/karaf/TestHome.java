package org.tessera.itests.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

import org.tessera.testkit.server.FreePorts;

/** What both distribution tests need before a boot: an empty home and a free console port. */
final class TestHome {

    private TestHome() {
    }

    /** An absolute, empty directory under target/ for a home. */
    static Path fresh(String name) throws IOException {
        Path home = Path.of("target", name).toAbsolutePath();
        if (Files.exists(home)) {
            try (var walk = Files.walk(home)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return home;
    }

    /** {@code count} different loopback ports nothing listens on right now ({@link FreePorts}: below the ephemeral range). */
    static int[] freePorts(int count) throws IOException {
        return FreePorts.take(count);
    }

    /** A loopback port nothing listens on right now. */
    static int freePort() throws IOException {
        return FreePorts.take(1)[0];
    }
}

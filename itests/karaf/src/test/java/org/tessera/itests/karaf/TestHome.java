package org.tessera.itests.karaf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

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

    /** {@code count} different loopback ports nothing listens on right now. */
    static int[] freePorts(int count) throws IOException {
        java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
        while (ports.size() < count) {
            ports.add(freePort());
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A loopback port nothing listens on right now. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

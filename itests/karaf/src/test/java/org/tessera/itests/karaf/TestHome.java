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

    /**
     * A port nothing listens on right now, below the kernel's ephemeral range: a port the kernel hands
     * out (port 0) may be taken as the local end of some outgoing connection before the server under
     * test binds it, which leaves that listener down for the whole test.
     */
    static int freePort() throws IOException {
        int below = Math.max(2048, ephemeralLow());
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = java.util.concurrent.ThreadLocalRandom.current().nextInt(below / 2, below);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new java.net.InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port between " + below / 2 + " and " + below);
    }

    /** Read by lines: {@code Files.readString} sees a /proc file's size as 0 and returns its first byte only. */
    private static int ephemeralLow() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        return Files.exists(range) ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32768;
    }
}

package org.tessera.testkit.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for a test server's listeners, and for the peers a test runs beside it. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * {@code count} different ports nothing listens on right now, below the kernel's ephemeral range: a
     * port the kernel hands out (port 0) may be taken as the local end of some outgoing connection before
     * the server under test binds it, which would leave that listener down for the whole test.
     */
    public static int[] take(int count) throws IOException {
        int below = Math.max(2048, ephemeralLow());
        Set<Integer> ports = new LinkedHashSet<>();
        for (int attempt = 0; ports.size() < count && attempt < 200 * count; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(below / 2, below);
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                ports.add(port);
            } catch (IOException taken) {
                // in use: try another
            }
        }
        if (ports.size() < count) {
            throw new IOException("not " + count + " free ports between " + below / 2 + " and " + below);
        }
        return ports.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Read by lines: {@code Files.readString} sees a /proc file's size as 0 and returns its first byte only. */
    private static int ephemeralLow() throws IOException {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        return Files.exists(range) ? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32768;
    }
}

package org.tessera.remote.internal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the Debian programs the tests run (dnsmasq, Postfix's smtp-sink): without one the tests
 * that need it are skipped, unless {@code -Dtessera.requireTools=true} (as CI runs) makes that a
 * failure. Also finds free ports on loopback addresses.
 */
final class Tools {

    private Tools() {
    }

    static Path program(String path, String debianPackage) {
        Path p = Path.of(path);
        if (!Files.isExecutable(p)) {
            String message = path + " is missing (apt-get install " + debianPackage + ")";
            if (Boolean.getBoolean("tessera.requireTools")) {
                fail(message + " and tessera.requireTools=true");
            }
            assumeTrue(false, message);
        }
        return p;
    }

    /** A TCP port free on every one of the given addresses (127.0.0.x), found by trying. */
    static int freePort(String... addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(addresses[0]), 0));
                port = s.getLocalPort();
            }
            if (freeEverywhere(port, addresses)) {
                return port;
            }
        }
        throw new IOException("no port free on all of the addresses");
    }

    private static boolean freeEverywhere(int port, String... addresses) {
        for (String a : addresses) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(a), port));
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** A UDP and TCP port free on 127.0.0.1, for a DNS server. */
    static int freeDnsPort() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (DatagramSocket d = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                port = d.getLocalPort();
            }
            if (freeEverywhere(port, "127.0.0.1")) {
                return port;
            }
        }
        throw new IOException("no free DNS port");
    }
}

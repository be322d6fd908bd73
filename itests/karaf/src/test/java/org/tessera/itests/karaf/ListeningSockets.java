package org.tessera.itests.karaf;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sockets of one process that anyone may reach, read from /proc as {@code ss -ltu} shows them:
 * its TCP sockets in state LISTEN and its UDP sockets that are bound but not connected. A socket is
 * the process's when one of its descriptors ({@code /proc/PID/fd}) names the socket's inode.
 */
final class ListeningSockets {

    /** One such socket: {@code tcp} or {@code udp}, the local address and port. */
    record Socket(String protocol, InetAddress address, int port) implements Comparable<Socket> {

        @Override
        public int compareTo(Socket other) {
            return toString().compareTo(other.toString());
        }

        @Override
        public String toString() {
            return protocol + " " + address.getHostAddress() + ":" + port;
        }
    }

    // The kernel's socket states (include/net/tcp_states.h): TCP_LISTEN; TCP_CLOSE, the state of an
    // unconnected UDP socket.
    private static final String LISTEN = "0A";
    private static final String UNCONNECTED = "07";

    private ListeningSockets() {
    }

    /** The process's listening TCP and unconnected UDP sockets, IPv4 and IPv6. */
    static Set<Socket> of(long pid) throws IOException {
        Set<String> inodes = socketInodes(pid);
        Set<Socket> sockets = new TreeSet<>();
        Path net = Path.of("/proc", Long.toString(pid), "net");
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            String state = table.startsWith("tcp") ? LISTEN : UNCONNECTED;
            // Read by lines: Files.readString sees a /proc file's size as 0 (see TestHome).
            List<String> lines = Files.readAllLines(net.resolve(table));
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
                String[] fields = line.trim().split("\\s+");
                if (fields[3].equals(state) && inodes.contains(fields[9])) {
                    String[] local = fields[1].split(":");
                    sockets.add(new Socket(table.substring(0, 3), address(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return sockets;
    }

    private static Set<String> socketInodes(long pid) throws IOException {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path descriptor : descriptors) {
                String target;
                try {
                    target = Files.readSymbolicLink(descriptor).toString();
                } catch (IOException closedMeanwhile) {
                    continue;
                }
                if (target.startsWith("socket:[")) {
                    inodes.add(target.substring("socket:[".length(), target.length() - 1));
                }
            }
        }
        return inodes;
    }

    /**
     * The address in /proc's hex: 32-bit words in the host's order (little-endian here), so each word's
     * bytes are reversed. An IPv4-mapped IPv6 address comes back as the IPv4 address (InetAddress's rule).
     */
    private static InetAddress address(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes);
    }
}

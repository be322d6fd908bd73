package org.tessera.tools.qmqp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code control/qmqpservers} (qmail-qmqpc(8)): one IP address a line, tried in order,
 * on the QMQP port; Tessera also takes {@code address:port} ({@code [v6]:port} for IPv6). Lines that
 * are not an address are skipped, as qmail-qmqpc skips them; names are never looked up. A missing
 * file means 127.0.0.1.
 */
final class QmqpServers {

    private QmqpServers() {
    }

    /**
     * @param home the home, whose {@code control/qmqpservers} is read
     * @param port the port of lines without one
     * @return the servers in file order; empty when the file names none
     * @throws IOException when the file exists but cannot be read
     */
    static List<InetSocketAddress> read(Path home, int port) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(home.resolve("control").resolve("qmqpservers"), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        }
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String line : lines) {
            InetSocketAddress server = parse(line.strip(), port);
            if (server != null) {
                servers.add(server);
            }
        }
        return servers;
    }

    static InetSocketAddress parse(String line, int defaultPort) {
        String address = line;
        int port = defaultPort;
        if (line.startsWith("[")) {
            int close = line.indexOf(']');
            if (close < 0) {
                return null;
            }
            address = line.substring(1, close);
            String rest = line.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return null;
                }
                port = port(rest.substring(1));
            }
        } else if (line.indexOf(':') >= 0 && line.indexOf(':') == line.lastIndexOf(':')) {
            address = line.substring(0, line.indexOf(':'));
            port = port(line.substring(line.indexOf(':') + 1));
        }
        if (port < 1 || !(isIpv4(address) || isIpv6(address))) {
            return null;
        }
        try {
            // A literal: parsed, never looked up.
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    // Checked by hand, not by regular expression: compiling one costs a short-lived tool start-up time.
    /** Four dot-separated groups of one to three digits. */
    private static boolean isIpv4(String address) {
        int groups = 0;
        int digits = 0;
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c >= '0' && c <= '9' && digits < 3) {
                digits++;
            } else if (c == '.' && digits > 0 && groups < 3) {
                groups++;
                digits = 0;
            } else {
                return false;
            }
        }
        return groups == 3 && digits > 0;
    }

    /** Hex digits, colons and dots only, with at least one colon. */
    private static boolean isIpv6(String address) {
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean hex = c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
            if (!hex && c != ':' && c != '.') {
                return false;
            }
        }
        return address.indexOf(':') >= 0;
    }

    private static int port(String text) {
        try {
            int port = Integer.parseInt(text);
            return port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}

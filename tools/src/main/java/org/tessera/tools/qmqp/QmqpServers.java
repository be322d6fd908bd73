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
import java.util.regex.Pattern;

/**
 * {@code control/qmqpservers} (qmail-qmqpc(8)): one IP address a line, tried in order,
 * on the QMQP port; Tessera also takes {@code address:port} ({@code [v6]:port} for IPv6). Lines that
 * are not an address are skipped, as qmail-qmqpc skips them; names are never looked up. A missing
 * file means 127.0.0.1.
 */
final class QmqpServers {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

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
        if (port < 1 || !(IPV4.matcher(address).matches() || IPV6.matcher(address).matches())) {
            return null;
        }
        try {
            // A literal: parsed, never looked up.
            return new InetSocketAddress(InetAddress.getByName(address), port);
        } catch (UnknownHostException e) {
            return null;
        }
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

package org.tessera.control.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The usable lines of {@code qmqpservers}: dotted-decimal IPv4 addresses, as qmail-qmqpc's ip_scan reads them. */
final class QmqpServers {

    private QmqpServers() {
    }

    /**
     * Keeps, in file order, each line that starts with {@code d.d.d.d} (qmail reads a prefix, so
     * {@code 10.0.0.1 backup} is 10.0.0.1), written canonically. Other lines, and octets above 255
     * (which qmail would wrap around), are skipped.
     */
    static List<String> parse(List<String> lines) {
        List<String> servers = new ArrayList<>();
        for (String line : lines) {
            address(line).ifPresent(servers::add);
        }
        return List.copyOf(servers);
    }

    private static Optional<String> address(String line) {
        StringBuilder address = new StringBuilder();
        int i = 0;
        for (int octet = 0; octet < 4; octet++) {
            if (octet > 0) {
                if (i >= line.length() || line.charAt(i) != '.') {
                    return Optional.empty();
                }
                i++;
                address.append('.');
            }
            int start = i;
            long value = 0;
            while (i < line.length() && line.charAt(i) >= '0' && line.charAt(i) <= '9' && value <= 255) {
                value = value * 10 + (line.charAt(i++) - '0');
            }
            if (i == start || value > 255) {
                return Optional.empty();
            }
            address.append(value);
        }
        return Optional.of(address.toString());
    }
}

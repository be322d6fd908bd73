package org.tessera.access.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Pattern;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;

/** The open {@code tcp.LISTENER.cdb} of each listener in one control directory, and what applies without one. */
final class RulesByListener implements AutoCloseable {

    /** A listener name becomes part of a file name: nothing that could leave control/ or hide a file. */
    private static final Pattern LISTENER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final Path controlDirectory;
    private final CdbFiles cdbFiles;
    // One entry per listener name; listeners are a handful, named by code, not by clients.
    private final ConcurrentMap<String, RulesCdb> rules = new ConcurrentHashMap<>();

    RulesByListener(Path controlDirectory, CdbFiles cdbFiles) {
        this.controlDirectory = controlDirectory;
        this.cdbFiles = cdbFiles;
    }

    /**
     * The decision for a client of its listener's rules.
     *
     * @param loopbackOnly listeners that accept loopback clients only while their rules file is missing
     * @throws IllegalArgumentException when the listener's name cannot name a rules file
     * @throws java.io.UncheckedIOException when the rules file exists but cannot be read
     */
    ConnectionDecision check(ClientInfo client, Set<String> loopbackOnly) {
        String listener = client.listener();
        if (!LISTENER_NAME.matcher(listener).matches()) {
            throw new IllegalArgumentException("not a listener name: " + listener);
        }
        RulesCdb cdb = rules.computeIfAbsent(listener,
                name -> new RulesCdb(controlDirectory.resolve("tcp." + name + ".cdb"), cdbFiles));
        return cdb.check(client).orElseGet(() -> !loopbackOnly.contains(listener) || isLoopback(client.remoteIp())
                ? ConnectionDecision.ALLOW
                : ConnectionDecision.DENY);
    }

    @Override
    public void close() {
        rules.values().forEach(RulesCdb::close);
        rules.clear();
    }

    /** Whether an address literal is in 127.0.0.0/8 or is ::1 (also IPv4-mapped); never asks DNS. */
    static boolean isLoopback(String ip) {
        if (ip.indexOf(':') < 0) {
            String[] parts = ip.split("\\.", -1);
            return parts.length == 4 && parts[0].equals("127") && isOctet(parts[1]) && isOctet(parts[2])
                    && isOctet(parts[3]);
        }
        try {
            // The brackets make getByName take it as an IPv6 literal or fail: never a host name to look up.
            return InetAddress.getByName("[" + ip + "]").isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isOctet(String part) {
        return part.matches("[0-9]{1,3}") && Integer.parseInt(part) <= 255;
    }
}

package org.tessera.remote.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * This host's addresses for the self-MX rule, as qmail's ipme: the addresses of every network
 * interface plus 127.0.0.0/8 and ::1, unless the configuration lists addresses or prefixes
 * ({@code 192.0.2.7}, {@code 127.0.0.0/8}) to count instead.
 */
final class OwnAddresses {

    private record Prefix(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Prefix> prefixes;

    private OwnAddresses(List<Prefix> prefixes) {
        this.prefixes = List.copyOf(prefixes);
    }

    /** The configured entries, or the interfaces and loopback when there are none. */
    static OwnAddresses of(String[] configured) {
        List<Prefix> prefixes = new ArrayList<>();
        if (configured.length > 0) {
            for (String entry : configured) {
                prefixes.add(parse(entry.trim()));
            }
            return new OwnAddresses(prefixes);
        }
        prefixes.add(parse("127.0.0.0/8"));
        prefixes.add(parse("::1"));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    prefixes.add(new Prefix(a.getAddress(), a.getAddress().length * 8));
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("cannot list this host's network interfaces", e);
        }
        return new OwnAddresses(prefixes);
    }

    boolean contains(InetAddress address) {
        byte[] bytes = address.getAddress();
        for (Prefix p : prefixes) {
            if (p.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    private static Prefix parse(String entry) {
        int slash = entry.indexOf('/');
        String literal = slash < 0 ? entry : entry.substring(0, slash);
        byte[] address = literal(literal);
        int bits = slash < 0 ? address.length * 8 : Integer.parseInt(entry.substring(slash + 1));
        if (bits < 0 || bits > address.length * 8) {
            throw new IllegalArgumentException("bad prefix length in " + entry);
        }
        return new Prefix(address, bits);
    }

    /** An IP literal only: a name would need DNS, which configuration must not wait for. */
    private static byte[] literal(String text) {
        if (!IpLiteral.isIpLiteral(text)) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + text, e);
        }
    }
}

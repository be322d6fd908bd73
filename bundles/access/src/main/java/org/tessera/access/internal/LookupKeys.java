package org.tessera.access.internal;

import java.util.ArrayList;
import java.util.List;

import org.tessera.api.policy.ClientInfo;

/** The keys tcpserver tries for a connection, in the fixed order of tcprules(1); the first one present wins. */
final class LookupKeys {

    private LookupKeys() {
    }

    /**
     * The keys for a client: {@code info@ip}, {@code info@=host}, {@code ip}, {@code =host}, the IP's
     * prefixes ending in {@code .} longest first, {@code =} and the host's suffixes from each {@code .}
     * longest first, {@code =}, and the empty key. Unknown host or info (empty) leaves their forms out.
     */
    static List<String> of(ClientInfo client) {
        String ip = client.remoteIp();
        String host = client.remoteHost();
        String info = client.remoteInfo();
        List<String> keys = new ArrayList<>(12);
        if (!info.isEmpty()) {
            keys.add(info + "@" + ip);
            if (!host.isEmpty()) {
                keys.add(info + "@=" + host);
            }
        }
        keys.add(ip);
        if (!host.isEmpty()) {
            keys.add("=" + host);
        }
        for (int length = ip.length(); length > 0; length--) {
            if (ip.charAt(length - 1) == '.') {
                keys.add(ip.substring(0, length));
            }
        }
        if (!host.isEmpty()) {
            for (int i = 0; i < host.length(); i++) {
                if (host.charAt(i) == '.') {
                    keys.add("=" + host.substring(i));
                }
            }
            keys.add("=");
        }
        keys.add("");
        return keys;
    }
}

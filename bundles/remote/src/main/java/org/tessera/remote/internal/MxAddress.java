package org.tessera.remote.internal;

import java.net.InetAddress;

/**
 * One address to try, as an entry of qmail's ipalloc (its {@code ip_mx}).
 *
 * @param address the IP address
 * @param preference the MX preference (0 for an address found without MX)
 * @param host the name the address belongs to (the MX host, relay or domain), for TLS checks
 */
record MxAddress(InetAddress address, long preference, String host) {
}

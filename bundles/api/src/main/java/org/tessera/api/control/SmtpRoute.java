package org.tessera.api.control;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A matching line of {@code smtproutes}: {@code domain:relay} or {@code domain:relay:port}.
 *
 * @param key the key that matched: the domain, a {@code .suffix}, or empty for the catch-all
 * @param relay the relay host name, dotted IP or {@code [dotted IP]}; empty means use MX records
 * @param port the TCP port, 25 unless the line gives one
 */
@ProviderType
public record SmtpRoute(String key, String relay, int port) {

    /** The SMTP port used when a route names none. */
    public static final int DEFAULT_PORT = 25;

    /**
     * Validates the components.
     *
     * @param key the matching key
     * @param relay the relay, possibly empty
     * @param port the port, 1 to 65535
     */
    public SmtpRoute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(relay, "relay");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Tells whether this route only exempts the domain from a wider route.
     *
     * @return whether delivery uses MX records as if no route matched
     */
    public boolean usesMx() {
        return relay.isEmpty();
    }
}

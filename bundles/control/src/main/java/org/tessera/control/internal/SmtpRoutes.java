package org.tessera.control.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.SmtpRoute;

/** The {@code smtproutes} table, searched in qmail-remote's order. */
final class SmtpRoutes {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpRoutes.class);

    private final ColonTable<SmtpRoute> table;

    SmtpRoutes(List<String> lines) {
        this.table = new ColonTable<>(lines, SmtpRoutes::route);
    }

    /** Finds the route for a domain: the domain, then each {@code .suffix} longest first, then the catch-all. */
    Optional<SmtpRoute> find(String domain) {
        List<String> keys = DomainKeys.exactThenSuffixes(domain);
        keys.add("");
        return table.first(keys);
    }

    /** Splits {@code relay[:port]}; qmail reads the port as a decimal prefix. */
    private static SmtpRoute route(String key, String value) {
        int colon = value.indexOf(':');
        if (colon < 0) {
            return new SmtpRoute(key, value, SmtpRoute.DEFAULT_PORT);
        }
        long port = ControlParsers.number(value.substring(colon + 1).getBytes(StandardCharsets.ISO_8859_1)).orElse(0);
        if (port < 1 || port > 65535) {
            // qmail would connect to port 0 or a truncated number and defer every delivery; the SMTP port is the sane reading.
            LOG.warn("control/smtproutes: bad port in {}:{}, using {}", key, value, SmtpRoute.DEFAULT_PORT);
            port = SmtpRoute.DEFAULT_PORT;
        }
        return new SmtpRoute(key, value.substring(0, colon), (int) port);
    }
}

package org.tessera.control.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.tessera.api.control.CdbTable;

/**
 * The domains of {@code rcpthosts}, then {@code morercpthosts.cdb}, matched exactly or by a
 * {@code .suffix} entry, as qmail's rcpthosts.c does.
 */
final class RcptHosts {

    private final Optional<Set<String>> hosts;
    private final Optional<CdbTable> more;

    RcptHosts(Optional<List<String>> lines, Optional<CdbTable> more) {
        this.hosts = lines.map(list -> list.stream().map(ControlParsers::lower).collect(Collectors.toUnmodifiableSet()));
        this.more = more;
    }

    boolean exists() {
        return hosts.isPresent();
    }

    /**
     * Tells whether a recipient domain is accepted. Without {@code rcpthosts} qmail accepts everything
     * and never opens the cdb; this answers false and leaves that choice to the relay policy.
     */
    boolean matches(String domain) throws IOException {
        if (hosts.isEmpty() || domain.isEmpty()) {
            return false;
        }
        List<String> keys = DomainKeys.exactThenSuffixes(ControlParsers.lower(domain));
        for (String key : keys) {
            if (hosts.get().contains(key)) {
                return true;
            }
        }
        if (more.isPresent()) {
            for (String key : keys) {
                // qmail-newmrh stores the lower-cased lines as keys with empty values.
                if (more.get().find(key.getBytes(StandardCharsets.ISO_8859_1)).isPresent()) {
                    return true;
                }
            }
        }
        return false;
    }
}

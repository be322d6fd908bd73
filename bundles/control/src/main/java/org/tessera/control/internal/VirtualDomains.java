package org.tessera.control.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tessera.api.control.VirtualDomain;
import org.tessera.api.mail.MailAddress;

/** The {@code virtualdomains} table, searched in qmail-send's order. */
final class VirtualDomains {

    private final ColonTable<VirtualDomain> table;

    VirtualDomains(List<String> lines) {
        this.table = new ColonTable<>(lines, VirtualDomain::new);
    }

    /**
     * Finds the entry for {@code L@D}: the whole address, then {@code D}, then each {@code .suffix}
     * of {@code D} longest first, then the catch-all. The first hit wins, an exception (empty prepend)
     * included.
     */
    Optional<VirtualDomain> find(String address) {
        List<String> keys = new ArrayList<>();
        keys.add(address);
        String domain = MailAddress.parse(address).domain();
        if (!domain.isEmpty()) {
            keys.addAll(DomainKeys.exactThenSuffixes(domain));
        }
        // Also what an empty domain would be looked up as; without an @ qmail goes from the address straight here.
        keys.add("");
        return table.first(keys);
    }
}

package org.tessera.control.internal;

import java.util.ArrayList;
import java.util.List;

/** The lookup keys qmail derives from a domain: the domain itself, then each suffix that starts at a dot. */
final class DomainKeys {

    private DomainKeys() {
    }

    /**
     * Returns the domain followed by its {@code .suffix} forms, longest first: {@code a.b.c},
     * {@code .b.c}, {@code .c}. A suffix never equals the bare parent ({@code b.c}).
     */
    static List<String> exactThenSuffixes(String domain) {
        List<String> keys = new ArrayList<>();
        keys.add(domain);
        // Position 0 is the domain itself, so a domain that starts with a dot is tried once.
        for (int i = 1; i < domain.length(); i++) {
            if (domain.charAt(i) == '.') {
                keys.add(domain.substring(i));
            }
        }
        return keys;
    }
}

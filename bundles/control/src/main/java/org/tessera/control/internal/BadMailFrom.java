package org.tessera.control.internal;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.tessera.api.mail.MailAddress;

/** The {@code badmailfrom} entries, matched as qmail-smtpd's bmfcheck does. */
final class BadMailFrom {

    private final Set<String> entries;

    BadMailFrom(List<String> lines) {
        this.entries = lines.stream().map(ControlParsers::lower).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Tells whether the whole sender, or its part from the last {@code @} on, equals an entry. No
     * wildcards and no subdomains; the null sender never matches.
     */
    boolean matches(String sender) {
        if (sender.isEmpty() || entries.isEmpty()) {
            return false;
        }
        String lower = ControlParsers.lower(sender);
        if (entries.contains(lower)) {
            return true;
        }
        // An entry "@host" names every sender whose domain is host.
        MailAddress address = MailAddress.parse(lower);
        return address.hasAt() && entries.contains("@" + address.domain());
    }
}

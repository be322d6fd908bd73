package org.tessera.queue.internal.send;

import org.tessera.api.mail.MailAddress;

/** Converts between qmail's textual addresses and {@link MailAddress} values. */
final class Addresses {

    private Addresses() {
    }

    /** Splits at the last {@code @}, as qmail does everywhere; no {@code @} gives an empty domain. */
    static MailAddress parse(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return new MailAddress(address, "");
        }
        return new MailAddress(address.substring(0, at), address.substring(at + 1));
    }

    /** The textual form of the queue's records: {@code local@domain}, or {@code local} alone. */
    static String text(MailAddress address) {
        return address.domain().isEmpty() ? address.local() : address.local() + "@" + address.domain();
    }
}

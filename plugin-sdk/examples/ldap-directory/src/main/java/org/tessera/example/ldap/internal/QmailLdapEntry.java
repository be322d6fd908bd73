package org.tessera.example.ldap.internal;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Entry;

/**
 * The attributes of a qmail-ldap entry that this plugin reads, taken from a search result once and checked:
 * a malformed uid or gid is the directory's error, so the lookup defers rather than guessing.
 *
 * @param dn the entry's distinguished name
 * @param login the login attribute ({@code uid}), or empty
 * @param mail the entry's own address ({@code mail}), or empty
 * @param home the home attribute ({@code mailMessageStore}) as stored, or empty
 * @param uid {@code qmailUID}, when present
 * @param gid {@code qmailGID}, when present
 * @param forwards the {@code mailForwardingAddress} values
 * @param accountStatus {@code accountStatus} lower-cased, or empty (active)
 * @param deliveryModes the {@code deliveryMode} values, lower-cased
 * @param storedPassword {@code userPassword}, when asked for and present
 */
record QmailLdapEntry(String dn, String login, String mail, String home, OptionalLong uid, OptionalLong gid,
        List<String> forwards, String accountStatus, Set<String> deliveryModes, Optional<String> storedPassword) {

    // qmail-ldap's accountStatus values that stop delivery: "deleted" is no longer there, "disabled" refused.
    private static final Set<String> NOT_RECEIVING = Set.of("disabled", "deleted");
    private static final String ACTIVE = "active";
    private static final String NO_LOCAL = "nolocal";
    private static final String NO_FORWARD = "noforward";

    /** The attributes to ask the server for, all but the stored password (which only a COMPARE check reads). */
    static String[] attributes(LdapConfiguration config) {
        return new String[] {config.loginAttribute(), config.mailAttribute(), config.homeAttribute(),
            config.uidAttribute(), config.gidAttribute(), config.forwardingAttribute(),
            config.accountStatusAttribute(), config.deliveryModeAttribute()};
    }

    static QmailLdapEntry of(Entry entry, LdapConfiguration config) throws IOException {
        return new QmailLdapEntry(entry.getDN(), text(entry, config.loginAttribute()), text(entry, config.mailAttribute()),
                text(entry, config.homeAttribute()), id(entry, config.uidAttribute()), id(entry, config.gidAttribute()),
                values(entry, config.forwardingAttribute()).toList(),
                text(entry, config.accountStatusAttribute()).toLowerCase(Locale.ROOT),
                values(entry, config.deliveryModeAttribute()).map(m -> m.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                Optional.ofNullable(entry.getAttributeValue(config.passwordAttribute())));
    }

    /** Whether mail for the entry is delivered: qmail-ldap bounces mail for a disabled or deleted account. */
    boolean receivesMail() {
        return !NOT_RECEIVING.contains(accountStatus);
    }

    /** Whether the entry may log in: only an active account (qmail-ldap's noaccess and nopop still receive mail). */
    boolean mayLogIn() {
        return accountStatus.isEmpty() || accountStatus.equals(ACTIVE);
    }

    /** Whether mail is kept in the entry's own Maildir: it has a home and deliveryMode does not say nolocal. */
    boolean keepsMailbox() {
        return !home.isEmpty() && !deliveryModes.contains(NO_LOCAL);
    }

    /** The addresses mail is forwarded to, none when deliveryMode says noforward. */
    List<String> forwardingAddresses() {
        return deliveryModes.contains(NO_FORWARD) ? List.of() : forwards;
    }

    private static String text(Entry entry, String attribute) {
        String value = entry.getAttributeValue(attribute);
        return value == null ? "" : value.strip();
    }

    private static Stream<String> values(Entry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return values == null ? Stream.empty() : Stream.of(values).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static OptionalLong id(Entry entry, String attribute) throws IOException {
        String value = text(entry, attribute);
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long id = Long.parseLong(value);
            if (id < 0 || id > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return OptionalLong.of(id);
        } catch (NumberFormatException e) {
            throw new IOException("LDAP entry " + entry.getDN() + " has a malformed " + attribute + ": " + value);
        }
    }
}

package org.tessera.example.ldap.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What an entry leaves out, filled in as qmail-ldap does: the uid and gid of entries without {@code qmailUID}
 * and {@code qmailGID} (its {@code ldapuid}/{@code ldapgid}), the prefix of a relative {@code mailMessageStore}
 * (its {@code ldapmessagestore}), and the account name when the entry has no login.
 */
final class AccountDefaults {

    private final long uid;
    private final long gid;
    private final String messageStorePrefix;

    AccountDefaults(long uid, long gid, String messageStorePrefix) {
        this.uid = uid;
        this.gid = gid;
        this.messageStorePrefix = messageStorePrefix;
    }

    /** The configured defaults; an id of -1 is the alias user's, the owner of {@code alias/} in the home. */
    static AccountDefaults of(LdapConfiguration config, Path tesseraHome) throws IOException {
        return new AccountDefaults(orAliasOwner(config.defaultUid(), tesseraHome, "unix:uid"),
                orAliasOwner(config.defaultGid(), tesseraHome, "unix:gid"), config.messageStorePrefix());
    }

    /** The id, or for -1 the alias user's: the owner of {@code alias/}, qmail's account of last resort. */
    static long orAliasOwner(long configured, Path tesseraHome, String attribute) throws IOException {
        if (configured >= 0) {
            return configured;
        }
        return Integer.toUnsignedLong((Integer) Files.getAttribute(tesseraHome.resolve("alias"), attribute));
    }

    long uid(QmailLdapEntry entry) {
        return entry.uid().orElse(uid);
    }

    long gid(QmailLdapEntry entry) {
        return entry.gid().orElse(gid);
    }

    /** The account name ({@code USER}): the login, or for an entry without one its address. */
    String user(QmailLdapEntry entry) {
        return entry.login().isEmpty() ? entry.mail() : entry.login();
    }

    /**
     * The home, absolute, or empty when the entry has none.
     *
     * @throws IOException when it is relative and no prefix is configured: the directory needs mending
     */
    String home(QmailLdapEntry entry) throws IOException {
        String home = entry.home();
        if (home.isEmpty() || home.startsWith("/")) {
            return home;
        }
        if (messageStorePrefix.isEmpty()) {
            throw new IOException("LDAP entry " + entry.dn() + " has a relative home and no messageStorePrefix is set: " + home);
        }
        return Path.of(messageStorePrefix).resolve(home).toString();
    }
}

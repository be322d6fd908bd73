package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.users.MailUser;

/** The directory against a real slapd holding qmail-ldap entries. */
class LdapUserDirectoryTest {

    static final String PEOPLE = "ou=people," + Slapd.SUFFIX;

    static final String ENTRIES = """
            dn: uid=joe,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: joe
            cn: Joe
            sn: Bloggs
            mail: joe@example.com
            mailAlternateAddress: joseph@example.com
            mailAlternateAddress: jb@example.org
            mailMessageStore: /srv/mail/joe
            qmailUID: 2001
            qmailGID: 2000
            userPassword: {SSHA}m7QKtZbpDjsHxzzr4S7TMLPqy4Kzy/XW

            dn: uid=mary-ann,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: mary-ann
            cn: Mary Ann
            sn: Smith
            mail: mary-ann@example.com
            mailMessageStore: /srv/mail/mary-ann
            qmailUID: 2002
            qmailGID: 2000

            dn: uid=bob,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: bob
            cn: Bob
            sn: Jones
            mail: bob@example.com
            mailMessageStore: bob
            userPassword: {SSHA}m7QKtZbpDjsHxzzr4S7TMLPqy4Kzy/XW

            dn: cn=team,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            cn: team
            sn: Team
            mail: team@example.com
            mailAlternateAddress: crew@example.com
            mailForwardingAddress: anne@elsewhere.test
            mailForwardingAddress: bert@elsewhere.test

            dn: uid=sue,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: sue
            cn: Sue
            sn: Keeps
            mail: sue@example.com
            mailMessageStore: /srv/mail/sue
            mailForwardingAddress: sue@elsewhere.test
            qmailUID: 2003
            qmailGID: 2000

            dn: uid=old,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: old
            cn: Old
            sn: Gone
            mail: old@example.com
            mailMessageStore: /srv/mail/old
            accountStatus: disabled

            dn: uid=del,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: del
            cn: Del
            sn: Gone
            mail: del@example.com
            mailMessageStore: /srv/mail/del
            accountStatus: deleted

            dn: uid=quiet,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: quiet
            cn: Quiet
            sn: Reader
            mail: quiet@example.com
            mailMessageStore: /srv/mail/quiet
            accountStatus: noaccess
            userPassword: {SSHA}m7QKtZbpDjsHxzzr4S7TMLPqy4Kzy/XW

            dn: uid=twin1,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: twin1
            cn: Twin
            sn: One
            mail: twin1@example.com
            mailAlternateAddress: twins@example.com
            mailMessageStore: /srv/mail/twin1

            dn: uid=twin2,%1$s
            objectClass: inetOrgPerson
            objectClass: qmailUser
            uid: twin2
            cn: Twin
            sn: Two
            mail: twin2@example.com
            mailAlternateAddress: twins@example.com
            mailMessageStore: /srv/mail/twin2
            """.formatted(PEOPLE);

    @RegisterExtension
    static final LdapFixture ldap = LdapFixture.plain();

    private static Optional<MailUser> find(LdapUserDirectory directory, String address) throws IOException {
        return directory.find(MailAddress.parse(address));
    }

    @Test
    void findsAUserByItsAddressAndItsAliasesAndNothingElse() throws Exception {
        LdapUserDirectory directory = ldap.directory();
        MailUser joe = new MailUser("joe", 2001, 2000, "/srv/mail/joe", "", "");

        assertEquals(Optional.of(joe), find(directory, "joe@example.com"));
        assertEquals(Optional.of(joe), find(directory, "joseph@example.com"), "mailAlternateAddress");
        assertEquals(Optional.of(joe), find(directory, "JB@Example.ORG"), "addresses match ignoring case");
        assertEquals(Optional.empty(), find(directory, "joe@example.org"), "the domain counts");
        assertEquals(Optional.empty(), find(directory, "nobody@example.com"));
        assertEquals(Optional.empty(), find(directory, "*@example.com"), "a filter's wildcard is a character here");
        assertEquals(Optional.empty(), find(directory, "x)(mail=*@example.com"), "nor can an address add to the filter");
    }

    @Test
    void anExtensionFallsBackToTheAddressWithoutIt() throws Exception {
        LdapUserDirectory directory = ldap.directory();

        assertEquals(Optional.of(new MailUser("joe", 2001, 2000, "/srv/mail/joe", "-", "Lists")),
                find(directory, "joe-Lists@example.com"), "the extension keeps its case");
        assertEquals(Optional.of(new MailUser("joe", 2001, 2000, "/srv/mail/joe", "-", "a-b")),
                find(directory, "joseph-a-b@example.com"));
        assertEquals(Optional.of(new MailUser("mary-ann", 2002, 2000, "/srv/mail/mary-ann", "", "")),
                find(directory, "mary-ann@example.com"), "the whole address first");
        assertEquals(Optional.of(new MailUser("mary-ann", 2002, 2000, "/srv/mail/mary-ann", "-", "x")),
                find(directory, "mary-ann-x@example.com"), "the longest address that is there");
        assertEquals(Optional.empty(), find(directory, "nobody-joe@example.com"));
        assertEquals(Optional.empty(), find(directory, "-joe@example.com"));
    }

    @Test
    void whatAnEntryLeavesOutComesFromTheConfiguration() throws Exception {
        Files.setAttribute(ldap.home().resolve("alias"), "unix:uid", 7790);
        Files.setAttribute(ldap.home().resolve("alias"), "unix:gid", 7791);

        assertEquals(Optional.of(new MailUser("bob", 7790, 7791, "/var/vmail/bob", "", "")),
                find(ldap.directory("messageStorePrefix", "/var/vmail"), "bob@example.com"),
                "the alias user's ids; a relative home below the prefix");
        assertEquals(Optional.of(new MailUser("bob", 5000, 5001, "/var/vmail/bob", "", "")),
                find(ldap.directory("messageStorePrefix", "/var/vmail", "defaultUid", 5000L, "defaultGid", 5001L), "bob@example.com"));
        IOException noPrefix = assertThrows(IOException.class, () -> find(ldap.directory(), "bob@example.com"));
        assertTrue(noPrefix.getMessage().contains("relative home"), noPrefix.getMessage());
    }

    @Test
    void disabledAndDeletedAccountsAreNotFoundAndNoaccessStillReceives() throws Exception {
        LdapUserDirectory directory = ldap.directory();

        assertEquals(Optional.empty(), find(directory, "old@example.com"));
        assertEquals(Optional.empty(), find(directory, "del@example.com"));
        assertEquals(Optional.empty(), find(directory, "del-ext@example.com"));
        assertEquals("quiet", find(directory, "quiet@example.com").orElseThrow().user());
    }

    @Test
    void aForwardingEntryIsTheForwardingAccountWithAFileKeptInStepWithTheEntry() throws Exception {
        Files.setAttribute(ldap.home().resolve("alias"), "unix:uid", 7790);
        Files.setAttribute(ldap.home().resolve("alias"), "unix:gid", 7791);
        LdapUserDirectory directory = ldap.directory();
        Path forwarding = ldap.home().resolve("ldap-forwarding");
        MailUser team = new MailUser("alias", 7790, 7791, forwarding.toString(), "-", "team=example:com");

        assertEquals(Optional.of(team), find(directory, "team@example.com"));
        assertEquals(Optional.of(team), find(directory, "crew-ext@example.com"), "an alias, an extension: one file");
        Path file = forwarding.resolve(".qmail-team=example:com");
        assertEquals("&anne@elsewhere.test\n&bert@elsewhere.test\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(7790, Files.getAttribute(file, "unix:uid"));
        assertEquals(7791, Files.getAttribute(file, "unix:gid"));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(forwarding)));
        assertEquals(7790, Files.getAttribute(forwarding, "unix:uid"));

        ldap.slapd().modify("dn: cn=team," + PEOPLE + "\nchangetype: modify\nreplace: mailForwardingAddress\n"
                + "mailForwardingAddress: carl@elsewhere.test\n");
        find(directory, "team@example.com");
        assertEquals("&carl@elsewhere.test\n", Files.readString(file), "the entry changed, the file follows");
        try (var names = Files.list(forwarding)) {
            assertEquals(List.of(file), names.toList(), "no temporary file left behind");
        }
    }

    @Test
    void anEntryWithAMailboxAndForwardingKeepsBoth() throws Exception {
        LdapUserDirectory directory = ldap.directory("forwardingHome", ldap.home().resolve("fwd").toString(),
                "forwardingUser", "vmail", "forwardingUid", 5000L, "forwardingGid", 5001L);

        assertEquals(Optional.of(new MailUser("vmail", 5000, 5001, ldap.home().resolve("fwd").toString(), "-", "sue=example:com")),
                find(directory, "sue@example.com"));
        assertEquals("&sue@elsewhere.test\n/srv/mail/sue/Maildir/\n", Files.readString(ldap.home().resolve("fwd/.qmail-sue=example:com")));

        ldap.slapd().modify("dn: uid=sue," + PEOPLE + "\nchangetype: modify\nadd: deliveryMode\ndeliveryMode: nolocal\n");
        find(directory, "sue@example.com");
        assertEquals("&sue@elsewhere.test\n", Files.readString(ldap.home().resolve("fwd/.qmail-sue=example:com")), "nolocal");

        ldap.slapd().modify("dn: uid=sue," + PEOPLE + "\nchangetype: modify\nreplace: deliveryMode\ndeliveryMode: noforward\n");
        assertEquals(Optional.of(new MailUser("sue", 2003, 2000, "/srv/mail/sue", "", "")), find(directory, "sue@example.com"),
                "noforward: the mailbox alone");
        ldap.slapd().modify("dn: uid=sue," + PEOPLE + "\nchangetype: modify\ndelete: deliveryMode\n");
    }

    @Test
    void twoEntriesForOneAddressDeferRatherThanPickOne() throws Exception {
        IOException ambiguous = assertThrows(IOException.class, () -> find(ldap.directory(), "twins@example.com"));
        assertTrue(ambiguous.getMessage().contains("more than one entry"), ambiguous.getMessage());
    }

    @Test
    void aServerThatIsDownOrSilentDefersAndOneThatIsBackAnswersAgain() throws Exception {
        LdapUserDirectory directory = ldap.directory();
        assertTrue(find(directory, "joe@example.com").isPresent());

        ldap.slapd().stop();
        try {
            assertThrows(IOException.class, () -> find(directory, "joe@example.com"), "down, after a connection was pooled");
            assertThrows(IOException.class, () -> find(ldap.directory("urls", "ldap://127.0.0.1:" + Slapd.freePort() + "/"),
                    "joe@example.com"), "never reached");
        } finally {
            ldap.slapd().start();
        }
        assertTrue(find(directory, "joe@example.com").isPresent(), "the pool connects again");

        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test ended
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            LdapUserDirectory hanging = ldap.directory("urls", "ldap://127.0.0.1:" + silent.getLocalPort() + "/", "searchTimeoutMillis", 1000);
            long start = System.nanoTime();
            assertThrows(IOException.class, () -> find(hanging, "joe@example.com"));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 5_000, "the search timeout bounds the wait: " + millis + " ms");
        }
    }

    @Test
    void aSecondServerTakesOverWhenTheFirstIsDown() throws Exception {
        String down = "ldap://127.0.0.1:" + Slapd.freePort() + "/";

        assertEquals("joe", find(ldap.directory("urls", new String[] {down, ldap.slapd().url()}), "joe@example.com").orElseThrow().user());
        assertEquals("joe", find(ldap.directory("urls", down + ", " + ldap.slapd().url()), "joe@example.com").orElseThrow().user(),
                "as a .cfg file gives the list");
    }
}

package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.Verdict;
import org.tessera.common.hooks.TransactionSnapshot;
import org.tessera.api.users.UserDirectory;
import org.tessera.control.internal.ControlFilesForTests;

/** The RCPT-time recipient check over a real home: the alias user's .qmail files decide, as the delivery would. */
class RecipientCheckTest {

    private static final MailAddress SENDER = new MailAddress("sender", "example.org");

    @TempDir
    Path home;

    private Path alias;
    private RecipientCheck check;

    @BeforeEach
    void setUp() throws Exception {
        Path control = Files.createDirectories(home.resolve("control"));
        Files.writeString(control.resolve("me"), "mx.test\n");
        Files.writeString(control.resolve("locals"), "example.com\n");
        Files.writeString(control.resolve("virtualdomains"), "virt.test:v\n");
        alias = home.resolve("alias");
        Homes4Test.home(alias);
        Files.setPosixFilePermissions(alias, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(alias.resolve(".qmail-postmaster"), "./Maildir/\n");
        Files.writeString(alias.resolve(".qmail-v-default"), "./Maildir/\n");
        AliasDirectory aliasDirectory = new AliasDirectory();
        aliasDirectory.control = ControlFilesForTests.over(home);
        aliasDirectory.activate();
        check = new RecipientCheck();
        check.control = aliasDirectory.control;
        check.bindDirectory(aliasDirectory, Map.of("service.ranking", UserDirectory.ALIAS_RANKING, "service.id", 1L));
        configure("smtp");
    }

    private void configure(String... listeners) {
        check.configure(Converters.standardConverter().convert(Map.of("listeners", listeners))
                .to(RecipientCheckConfiguration.class));
    }

    private Verdict check(String listener, String local, String domain) {
        ClientInfo client = new ClientInfo(listener, "192.0.2.1", 4000, "127.0.0.1", 25, "", "", "mx.test");
        return check.check(TransactionSnapshot.plain(client, Map.of(), SENDER, List.of()), new MailAddress(local, domain));
    }

    @Test
    void aLocalAddressWithoutAMailboxIsRefusedOnAConfiguredListenerOnly() {
        assertEquals(RecipientCheck.NO_MAILBOX, check("smtp", "nobody-here", "example.com"));
        assertEquals(Verdict.NO_OPINION, check("submission", "nobody-here", "example.com"));
        configure();
        assertEquals(Verdict.NO_OPINION, check("smtp", "nobody-here", "example.com"), "off without listeners");
    }

    @Test
    void anAddressDeliveryWouldTakeIsLeftToTheNextPolicy() {
        assertEquals(Verdict.NO_OPINION, check("smtp", "postmaster", "example.com"));
        assertEquals(Verdict.NO_OPINION, check("smtp", "PostMaster", "EXAMPLE.COM"), "case as qmail-local's safeext");
        assertEquals(Verdict.NO_OPINION, check("smtp", "", "example.com"), "the trash address");
    }

    @Test
    void virtualDomainsGoThroughTheirPrepend() throws IOException {
        assertEquals(Verdict.NO_OPINION, check("smtp", "anyone", "virt.test"), ".qmail-v-default takes it");
        Files.delete(alias.resolve(".qmail-v-default"));
        assertEquals(RecipientCheck.NO_MAILBOX, check("smtp", "anyone", "virt.test"));
    }

    @Test
    void remoteAndDomainlessAddressesAreNotJudged() throws IOException {
        assertEquals(Verdict.NO_OPINION, check("smtp", "someone", "remote.test"));
        // No @: envnoathost (control/me, mx.test) is not in locals here, so the address is remote.
        assertEquals(Verdict.NO_OPINION, check("smtp", "nobody-here", ""));
        Files.writeString(home.resolve("control/locals"), "example.com\nmx.test\n");
        check.control = ControlFilesForTests.over(home);
        assertEquals(RecipientCheck.NO_MAILBOX, check("smtp", "nobody-here", ""));
    }

    @Test
    void aPercentHackRecipientIsJudgedByTheAddressTheQueueWouldDeliverTo() throws IOException {
        Files.writeString(home.resolve("control/percenthack"), "relay.test\n");
        check.control = ControlFilesForTests.over(home);
        // qmail-send makes these u@example.com, delivered here: the check sees that address too.
        assertEquals(RecipientCheck.NO_MAILBOX, check("smtp", "nobody-here%example.com", "relay.test"));
        assertEquals(Verdict.NO_OPINION, check("smtp", "postmaster%example.com", "relay.test"));
        assertEquals(Verdict.NO_OPINION, check("smtp", "someone%remote.test", "relay.test"), "rewritten, but remote");
        // Without percenthack the '%' stays in the local part of a local address.
        assertEquals(RecipientCheck.NO_MAILBOX, check("smtp", "postmaster%remote.test", "example.com"));
    }

    @Test
    void aCatchAllTakesEverythingAndAFailingDirectoryDefers() throws IOException {
        Files.writeString(alias.resolve(".qmail-default"), "./Maildir/\n");
        assertEquals(Verdict.NO_OPINION, check("smtp", "nobody-here", "example.com"));
        check.bindDirectory(recipient -> {
            throw new IOException("directory down");
        }, Map.of("service.ranking", 500, "service.id", 2L));
        assertEquals(RecipientCheck.LOOKUP_FAILED, check("smtp", "postmaster", "example.com"));
    }
}

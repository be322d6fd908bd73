package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.local.internal.LocalFixture.success;
import static org.tessera.local.internal.LocalFixture.temporary;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/** qmail-lspawn: the trash address, the directory chain, the refusal to deliver as root. */
class QmailLspawnTest {

    @TempDir
    Path dir;

    LocalFixture fx;
    final List<String> asked = new ArrayList<>();
    List<UserDirectory> chain;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LocalFixture(dir);
        fx.file(".qmail-postmaster", "./Maildir/\n");
    }

    private UserDirectory answering(String name, Optional<MailUser> answer) {
        return recipient -> {
            asked.add(name);
            return answer;
        };
    }

    private UserDirectory failing(String name, String message) {
        return recipient -> {
            asked.add(name);
            throw new IOException(message);
        };
    }

    private DeliveryReport deliver(String local, boolean root) {
        QmailLspawn lspawn = new QmailLspawn(() -> chain,
                new QmailLocal(kind -> Optional.ofNullable(fx.targets.get(kind)), Clock.systemUTC())::deliver, root);
        return lspawn.deliver(7, LocalFixture.SENDER, new MailAddress(local, "example.com"), fx.content, "./Maildir/");
    }

    @Test
    void theTrashAddressSucceedsWithAnEmptyReport() {
        chain = List.of(answering("alias", Optional.empty()));
        assertEquals(success(""), deliver("", false));
        assertEquals(List.of(), asked);
    }

    @Test
    void theFirstAnswerWinsInChainOrder() {
        MailUser alias = new MailUser("alias", 1, 2, fx.home.toString(), "-", "postmaster");
        chain = List.of(answering("assign", Optional.empty()), answering("passwd", Optional.of(alias)),
                answering("alias", Optional.of(new MailUser("other", 1, 2, "/nowhere", "", ""))));
        assertEquals(success("did 1+0+0\n"), deliver("postmaster", false));
        assertEquals(List.of("assign", "passwd"), asked);
    }

    @Test
    void aFailingDirectoryStopsTheWalkAndDefers() {
        chain = List.of(failing("assign", UsersCdb.TROUBLE), answering("alias", Optional.empty()));
        assertEquals(temporary("Trouble reading users/cdb in qmail-lspawn.\n"), deliver("joe", false));
        assertEquals(List.of("assign"), asked);
        chain = List.of(failing("ldap", null));
        assertEquals(temporary("Temporary failure in qmail-lspawn.\nIOException\n"), deliver("joe", false));
        chain = List.of(recipient -> {
            throw new IllegalStateException("broken plugin");
        });
        assertEquals(temporary("Temporary failure in qmail-lspawn.\nbroken plugin (IllegalStateException)\n"),
                deliver("joe", false));
    }

    @Test
    void noAnswerAtAllIsTheMissingAliasUser() {
        chain = List.of(answering("assign", Optional.empty()));
        assertEquals(temporary("Unable to find alias user!\n"), deliver("joe", false));
        chain = List.of();
        assertEquals(temporary("Unable to find alias user!\n"), deliver("joe", false));
    }

    @Test
    void uidZeroIsRefusedOnlyWhenTheServerRunsAsRoot() {
        chain = List.of(answering("alias", Optional.of(new MailUser("alias", 0, 0, fx.home.toString(), "-", "postmaster"))));
        assertEquals(temporary("Not allowed to perform deliveries as root.\n"), deliver("postmaster", true));
        assertEquals(success("did 1+0+0\n"), deliver("postmaster", false));
    }
}

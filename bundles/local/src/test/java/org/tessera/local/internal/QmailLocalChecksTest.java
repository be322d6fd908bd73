package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tessera.local.internal.LocalFixture.permanent;
import static org.tessera.local.internal.LocalFixture.success;
import static org.tessera.local.internal.LocalFixture.temporary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.users.MailUser;

/** qmail-local's start-up checks and the loop check, in their order. */
class QmailLocalChecksTest {

    @TempDir
    Path dir;

    LocalFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LocalFixture(dir);
        fx.file(".qmail", "./Mailbox\n");
    }

    private MailUser userAt(String home) {
        return new MailUser("joe", 507, 100, home, "", "");
    }

    @Test
    void aRelativeHomeIsQmailLocalsUsageError() {
        assertEquals(permanent(QmailLocal.USAGE + "\n"),
                fx.deliver(userAt("home/joe"), "joe", "example.com", LocalFixture.SENDER));
    }

    @Test
    void aHomeThatCannotBeEnteredDefers() throws IOException {
        Path missing = dir.resolve("missing");
        assertEquals(temporary("Unable to switch to " + missing + ": file does not exist. (#4.3.0)\n"),
                fx.deliver(userAt(missing.toString()), "joe", "example.com", LocalFixture.SENDER));
        Path file = Files.writeString(dir.resolve("plain"), "");
        assertEquals(temporary("Unable to switch to " + file + ": not a directory. (#4.3.0)\n"),
                fx.deliver(userAt(file.toString()), "joe", "example.com", LocalFixture.SENDER));
    }

    @Test
    void aWorldWritableHomeDefersAGroupWritableOneIsFine() throws Exception {
        LocalFixture.chmod(fx.home, "0757");
        assertEquals(temporary("Uh-oh: home directory is writable. (#4.7.0)\n"), fx.deliverExt(""));
        LocalFixture.chmod(fx.home, "0775");
        assertEquals(success("did 1+0+0\n"), fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER));
    }

    @Test
    void aStickyHomeDefersAfterTheWritableCheck() throws Exception {
        LocalFixture.chmod(fx.home, "1755");
        assertEquals(temporary("Home directory is sticky: user is editing his .qmail file. (#4.2.1)\n"),
                fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER));
        LocalFixture.chmod(fx.home, "1757");
        assertEquals(temporary("Uh-oh: home directory is writable. (#4.7.0)\n"),
                fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER));
        assertTrue(fx.mbox.deliveries.isEmpty());
    }

    @Test
    void aHeaderLineEqualToTheDeliveredToLineIsALoop() throws IOException {
        message("Delivered-To: joe@example.com\nSubject: x\n\nbody\n");
        assertEquals(permanent(QmailLocal.LOOPING + "\n"), joe());
        assertTrue(fx.mbox.deliveries.isEmpty());
    }

    @Test
    void onlyAnExactHeaderLineIsALoop() throws IOException {
        message("Subject: x\n\nDelivered-To: joe@example.com\n");
        assertEquals(success("did 1+0+0\n"), joe());
        message("Delivered-To: Joe@example.com\nDelivered-To: joe@example.com \nDelivered-To: joe@example.comx\n\n");
        assertEquals(success("did 1+0+0\n"), joe());
        // qmail compares only lines ending in LF: a header without an end is not checked.
        message("Subject: x\nDelivered-To: joe@example.com");
        assertEquals(success("did 1+0+0\n"), joe());
        message("Subject: x\nDelivered-To: joe@example.com\n");
        assertEquals(permanent(QmailLocal.LOOPING + "\n"), joe());
    }

    @Test
    void theLoopCheckComesBeforeTheDotQmailSearch() throws IOException {
        message("Delivered-To: joe-nobody@example.com\n\n");
        assertEquals(permanent(QmailLocal.LOOPING + "\n"), fx.deliverExt("nobody"));
        message("\n");
        assertEquals(permanent(QmailLocal.NO_MAILBOX + "\n"), fx.deliverExt("nobody"));
    }

    @Test
    void anUnreadableMessageDefers() throws IOException {
        Files.delete(fx.content.path());
        assertEquals(temporary("Unable to read message: file does not exist. (#4.3.0)\n"), joe());
    }

    private org.tessera.api.queue.DeliveryReport joe() {
        return fx.deliver(fx.user("", ""), "joe", "example.com", new MailAddress("a", "b"));
    }

    private void message(String text) throws IOException {
        Files.writeString(fx.content.path(), text);
    }
}

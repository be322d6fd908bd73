package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.tessera.local.internal.LocalFixture.permanent;
import static org.tessera.local.internal.LocalFixture.success;
import static org.tessera.local.internal.LocalFixture.temporary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.queue.DeliveryReport;

/** Which .qmail file an extension finds (dot-qmail(5)), and DEFAULT. */
class DotQmailSearchTest {

    @TempDir
    Path dir;

    LocalFixture fx;

    @BeforeEach
    void setUp() throws IOException {
        fx = new LocalFixture(dir);
    }

    /** Each file delivers to an mbox named after itself, so the chosen file shows in the mbox argument. */
    private void files(String... names) throws IOException {
        for (String name : names) {
            fx.file(name, "./mbox" + name + "\n");
        }
    }

    private String chosen(String ext) {
        int before = fx.mbox.deliveries.size();
        DeliveryReport report = fx.deliverExt(ext);
        assertEquals(success("did 1+0+0\n"), report, ext);
        return fx.mbox.deliveries.get(before).arguments().get(0).substring("./mbox".length());
    }

    private String defaultOf(int index) {
        return fx.mbox.deliveries.get(index).environment().get(Delivery.ENV_DEFAULT);
    }

    @Test
    void fooBarTriesTheExactFileThenEachDefaultLongestFirst() throws IOException {
        files(".qmail-foo-bar", ".qmail-foo-default", ".qmail-default");
        assertEquals(".qmail-foo-bar", chosen("foo-bar"));
        assertEquals(null, defaultOf(0));
        Files.delete(fx.home.resolve(".qmail-foo-bar"));
        assertEquals(".qmail-foo-default", chosen("foo-bar"));
        assertEquals("bar", defaultOf(1));
        Files.delete(fx.home.resolve(".qmail-foo-default"));
        assertEquals(".qmail-default", chosen("foo-bar"));
        assertEquals("foo-bar", defaultOf(2));
        Files.delete(fx.home.resolve(".qmail-default"));
        assertEquals(permanent(QmailLocal.NO_MAILBOX + "\n"), fx.deliverExt("foo-bar"));
    }

    @Test
    void aTrailingDashHasItsOwnDefault() throws IOException {
        files(".qmail-a-", ".qmail-a-default", ".qmail-default");
        assertEquals(".qmail-a-", chosen("a-"));
        Files.delete(fx.home.resolve(".qmail-a-"));
        assertEquals(".qmail-a-default", chosen("a-"));
        assertEquals("", defaultOf(1));
        Files.delete(fx.home.resolve(".qmail-a-default"));
        assertEquals(".qmail-default", chosen("a-"));
        assertEquals("a-", defaultOf(2));
    }

    @Test
    void theBareUserTriesDotQmailThenDotQmaildefaultThenTheDefaultDelivery() throws IOException {
        files(".qmail", ".qmaildefault");
        assertEquals(success("did 1+0+0\n"), fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER));
        assertEquals("./mbox.qmail", fx.mbox.deliveries.get(0).arguments().get(0));
        Files.delete(fx.home.resolve(".qmail"));
        fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER);
        assertEquals("./mbox.qmaildefault", fx.mbox.deliveries.get(1).arguments().get(0));
        assertEquals("", defaultOf(1));
        Files.delete(fx.home.resolve(".qmaildefault"));
        assertEquals(success("did 1+0+0\n"), fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER));
        assertEquals(List.of("./Maildir/"), fx.maildir.arguments());
        assertFalse(fx.maildir.deliveries.get(0).environment().containsKey(Delivery.ENV_DEFAULT));
    }

    @Test
    void safeExtLowerCasesAndTurnsDotsIntoColonsWhileExtKeepsItsCase() throws IOException {
        files(".qmail-john:doe");
        assertEquals(".qmail-john:doe", chosen("John.Doe"));
        assertEquals("John.Doe", fx.mbox.deliveries.get(0).environment().get(Delivery.ENV_EXT));
    }

    @Test
    void defaultStandsForTheOriginalCase() throws IOException {
        files(".qmail-list-default");
        assertEquals(".qmail-list-default", chosen("List-Joe.Bloggs"));
        assertEquals("Joe.Bloggs", defaultOf(0));
    }

    @Test
    void anExactFileWhoseNameEndsInDefaultSetsDefaultToo() throws IOException {
        files(".qmail-foo-default");
        assertEquals(".qmail-foo-default", chosen("foo-default"));
        assertEquals("default", defaultOf(0));
    }

    @Test
    void aDirectoryCountsAsAbsent() throws IOException {
        Files.createDirectory(fx.home.resolve(".qmail-foo"));
        files(".qmail-default");
        assertEquals(".qmail-default", chosen("foo"));
    }

    @Test
    void aWorldWritableDotQmailDefers() throws Exception {
        files(".qmail-foo");
        LocalFixture.chmod(fx.home.resolve(".qmail-foo"), "0646");
        assertEquals(temporary("Uh-oh: .qmail file is writable. (#4.7.0)\n"), fx.deliverExt("foo"));
    }

    @Test
    void anEmptyFileAndAMissingBareFileUseTheDefaultDeliveryWithAllItsLines() throws IOException {
        fx.defaultDelivery = "./Mailbox\n./Maildir/";
        fx.file(".qmail-empty", "");
        assertEquals(success("did 2+0+0\n"), fx.deliverExt("empty"));
        assertEquals(success("did 2+0+0\n"), fx.deliver(fx.user("", ""), "joe", "example.com", LocalFixture.SENDER));
        assertEquals(List.of("./Mailbox", "./Mailbox"), fx.mbox.arguments());
        assertEquals(List.of("./Maildir/", "./Maildir/"), fx.maildir.arguments());
    }

    @Test
    void aMissingExtensionFileWithoutDefaultBounces() {
        assertEquals(permanent("Sorry, no mailbox here by that name. (#5.1.1)\n"), fx.deliverExt("nobody"));
    }

    @Test
    void theDashMayHoldASlash() throws IOException {
        files(".qmail-/foo");
        assertEquals(success("did 1+0+0\n"),
                fx.deliver(fx.user("-/", "foo"), "joe-foo", "example.com", LocalFixture.SENDER));
        assertEquals("./mbox.qmail-/foo", fx.mbox.deliveries.get(0).arguments().get(0));
    }
}

package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.users.MailUser;

/** qmail-getpw's rules over a passwd file, and the alias user. */
class PasswdLookupTest {

    @TempDir
    Path dir;

    long uid;
    Path joe;
    PasswdLookup lookup;

    @BeforeEach
    void setUp() throws IOException {
        joe = dir.resolve("joe");
        uid = Homes4Test.home(joe);
        Files.createDirectories(dir.resolve("rooted"));
        String passwd = "root:x:0:0:root:" + dir.resolve("rooted") + ":/bin/sh\n"
                + "joe:x:" + uid + ":100:Joe:" + joe + ":/bin/sh\n"
                + "joe:x:" + uid + ":999:Second Joe:" + joe + ":/bin/sh\n"
                + "Upper:x:" + uid + ":100::" + joe + ":/bin/sh\n"
                + "nohome:x:" + uid + ":100::" + dir.resolve("missing") + ":/bin/sh\n"
                + "other:x:" + (uid + 1) + ":100::" + joe + ":/bin/sh\n"
                + "short:x:" + uid + ":100:" + joe + "\n"
                + "a".repeat(32) + ":x:" + uid + ":100::" + joe + ":/bin/sh\n"
                + "a".repeat(31) + ":x:" + uid + ":100::" + joe + ":/bin/sh\n";
        lookup = new PasswdLookup(Files.writeString(dir.resolve("passwd"), passwd));
    }

    private Optional<MailUser> joe(String dash, String ext) {
        return Optional.of(new MailUser("joe", uid, 100, joe.toString(), dash, ext));
    }

    @Test
    void theWholeLocalPartThenEachPrefixBeforeADashLongestFirst() throws IOException {
        assertEquals(joe("", ""), lookup.find("joe"));
        assertEquals(joe("", ""), lookup.find("JOE"));
        assertEquals(joe("-", "Info-Box"), lookup.find("Joe-Info-Box"));
        assertEquals(joe("-", ""), lookup.find("joe-"));
        assertEquals(Optional.empty(), lookup.find("joex"));
    }

    @Test
    void anAccountAddedOrRemovedIsSeenAtTheNextLookupAsUseraddAndUserdelWriteTheFile() throws IOException {
        Path passwd = dir.resolve("passwd");
        Path sue = dir.resolve("sue");
        long sueUid = Homes4Test.home(sue);
        assertEquals(Optional.empty(), lookup.find("sue"));

        // useradd writes a new file and renames it over the old one.
        Path next = Files.writeString(dir.resolve("passwd+"), Files.readString(passwd)
                + "sue:x:" + sueUid + ":100:Sue:" + sue + ":/bin/sh\n");
        Files.move(next, passwd, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.of(new MailUser("sue", sueUid, 100, sue.toString(), "", "")), lookup.find("sue"));

        // An edit in place that changes the size.
        Files.writeString(passwd, Files.readString(passwd).replace("sue:x:", "zue:x:") + "#\n");
        assertEquals(Optional.empty(), lookup.find("sue"));
        assertEquals(joe("", ""), lookup.find("joe"));
    }

    @Test
    void rootAMissingHomeAForeignHomeUpperCaseAndLongNamesNeverQualify() throws IOException {
        assertEquals(Optional.empty(), lookup.find("root"));
        assertEquals(Optional.empty(), lookup.find("nohome"));
        assertEquals(Optional.empty(), lookup.find("other-joe"));
        assertEquals(Optional.empty(), lookup.find("upper"));
        assertEquals(Optional.empty(), lookup.find("short"));
        assertEquals(Optional.empty(), lookup.find("a".repeat(32)));
        assertEquals("a".repeat(31), lookup.find("a".repeat(31) + "-x").orElseThrow().user());
    }

    @Test
    void theAliasUserIsTheOwnerOfAliasAndTakesTheWholeLocalPart() throws IOException {
        Path alias = dir.resolve("alias");
        long owner = Homes4Test.home(alias);
        assertEquals(Optional.of(new MailUser("alias", owner, ServerIdentity.group(alias), alias.toString(), "-",
                "Postmaster")), AliasDirectory.find(alias, "Postmaster"));
        assertEquals(Optional.empty(), AliasDirectory.find(dir.resolve("none"), "postmaster"));
    }

    @Test
    void thePasswdDirectoryAnswersOnlyForARootServer() throws IOException {
        PasswdDirectory directory = new PasswdDirectory();
        directory.activate();
        MailAddress nobody = new MailAddress("no-such-account-" + System.nanoTime(), "example.com");
        assertEquals(Optional.empty(), directory.find(nobody));
        if (!ServerIdentity.isRoot()) {
            assertEquals(Optional.empty(), directory.find(new MailAddress(System.getProperty("user.name"), "x")));
        }
    }
}

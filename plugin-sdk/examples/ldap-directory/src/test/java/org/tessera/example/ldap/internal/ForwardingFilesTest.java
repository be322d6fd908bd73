package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The forwarding account's files: their names, their lines, and how they are replaced. */
class ForwardingFilesTest {

    @TempDir
    Path work;

    private ForwardingFiles files() throws IOException {
        Path home = work.resolve("forwarding");
        return new ForwardingFiles(home, (Integer) Files.getAttribute(work, "unix:uid"), (Integer) Files.getAttribute(work, "unix:gid"));
    }

    @Test
    void anExtensionNamesOneAddressAndStaysInTheHome() {
        assertEquals("team=example:com", ForwardingFiles.extension("Team@Example.COM"));
        assertEquals("a+b-c=x:y", ForwardingFiles.extension("a+b-c@x.y"));
        assertEquals("_2f::_2fetc=x", ForwardingFiles.extension("/../etc@x"), "no / and no .. of its own");
        assertEquals("a_5fb=x", ForwardingFiles.extension("a_b@x"));
        assertEquals("a_3d=x", ForwardingFiles.extension("a=@x"), "an = of the address is not the one for its @");
        assertEquals("j_c3_b6rg=x", ForwardingFiles.extension("j\u00f6rg@x"));
        assertNotEquals(ForwardingFiles.extension("a.b@x"), ForwardingFiles.extension("a:b@x"));
    }

    @Test
    void theLinesAreOneForwardEachThenTheMailbox() throws IOException {
        assertEquals("&a@x.test\n&b@y.test\n", ForwardingFiles.content(List.of("a@x.test", "b@y.test"), Optional.empty()));
        assertEquals("&a@x.test\n/srv/mail/sue/Maildir/\n", ForwardingFiles.content(List.of("a@x.test"), Optional.of("/srv/mail/sue/")));
        assertThrows(IOException.class, () -> ForwardingFiles.content(List.of("a@x.test\n|/bin/sh"), Optional.empty()),
                "a line end would add a program line");
        assertThrows(IOException.class, () -> ForwardingFiles.content(List.of("a b@x.test"), Optional.empty()));
    }

    @Test
    void aFileIsReplacedWhenItsContentDiffersAndLeftAloneWhenNot() throws IOException {
        ForwardingFiles files = files();
        Path file = work.resolve("forwarding/.qmail-team=x");

        files.keep("team=x", "&a@x.test\n");
        assertEquals("&a@x.test\n", Files.readString(file));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("forwarding"))));

        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, old);
        files.keep("team=x", "&a@x.test\n");
        assertEquals(old, Files.getLastModifiedTime(file), "unchanged content is not written again");

        files.keep("team=x", "&b@x.test\n");
        assertEquals("&b@x.test\n", Files.readString(file));
        try (var names = Files.list(work.resolve("forwarding"))) {
            assertEquals(List.of(file), names.toList());
        }
    }
}

package org.tessera.control.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeLayoutTest {

    @TempDir
    Path dir;

    private final AtomicInteger lookups = new AtomicInteger();

    private List<String> create(Path home) {
        return new HomeLayout(home, () -> {
            lookups.incrementAndGet();
            return "mail.example";
        }, Optional.empty()).createMissing();
    }

    private static boolean root() throws Exception {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    @Test
    void asRootTheNewAliasFilesGoToTheAliasAccountAndNothingElseDoes() throws Exception {
        assumeTrue(root(), "giving files away needs root");
        Path home = dir.resolve("home");
        Files.createDirectories(home.resolve("alias"));
        Files.writeString(home.resolve("alias/.qmail-root"), "&someone\n");
        new HomeLayout(home, () -> "mail.example", Optional.of(new HomeLayout.Owner("nobody", 65534, 65533)))
                .createMissing();
        for (String made : List.of(".qmail-postmaster", ".qmail-mailer-daemon", "Maildir", "Maildir/new")) {
            Path path = home.resolve("alias").resolve(made);
            assertEquals(65534, Files.getAttribute(path, "unix:uid"), made);
            assertEquals(65533, Files.getAttribute(path, "unix:gid"), made);
        }
        for (String kept : List.of("alias", "alias/.qmail-root", "control/me", "queue")) {
            assertEquals(0, Files.getAttribute(home.resolve(kept), "unix:uid"), kept);
        }
    }

    @Test
    void theAliasAccountIsAliasElseNobody() throws Exception {
        assumeTrue(root(), "the owner is chosen only for a server running as root");
        Path passwd = dir.resolve("passwd");
        Files.writeString(passwd, "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        assertEquals(Optional.of(new HomeLayout.Owner("nobody", 65534, 65534)), HomeLayout.aliasOwnerForRoot(passwd));
        Files.writeString(passwd, "alias:x:7790:2108::/var/qmail/alias:/bin/true\n", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(Optional.of(new HomeLayout.Owner("alias", 7790, 2108)), HomeLayout.aliasOwnerForRoot(passwd));
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void createsEveryPartOfAMissingHome() throws Exception {
        Path home = dir.resolve("var/tessera");
        create(home);
        assertEquals("mail.example\n", Files.readString(home.resolve("control/me")));
        assertEquals("mail.example\n", Files.readString(home.resolve("control/locals")));
        assertEquals("mail.example\n", Files.readString(home.resolve("control/rcpthosts")));
        for (String user : List.of("postmaster", "mailer-daemon", "root")) {
            Path qmail = home.resolve("alias/.qmail-" + user);
            assertEquals("./Maildir/\n", Files.readString(qmail));
            assertEquals("rw-r--r--", mode(qmail));
        }
        for (String sub : List.of("", "/cur", "/new", "/tmp")) {
            Path maildir = home.resolve("alias/Maildir" + sub);
            assertTrue(Files.isDirectory(maildir), maildir.toString());
            assertEquals("rwx------", mode(maildir));
        }
        for (String empty : List.of("users", "queue", "log", "etc")) {
            Path sub = home.resolve(empty);
            assertTrue(Files.isDirectory(sub), empty);
            assertEquals("rwxr-xr-x", mode(sub));
            try (var entries = Files.list(sub)) {
                assertEquals(0, entries.count(), empty + " is empty");
            }
        }
        assertEquals("rwxr-xr-x", mode(home));
        assertEquals("rwxr-xr-x", mode(home.resolve("control")));
        assertEquals("rw-r--r--", mode(home.resolve("control/me")));
    }

    @Test
    void aCompleteHomeIsLeftAlone() {
        Path home = dir.resolve("home");
        assertFalse(create(home).isEmpty());
        assertEquals(List.of(), create(home));
        assertEquals(1, lookups.get(), "the host name is looked up only for a missing me");
    }

    @Test
    void existingFilesAreNeverOverwritten() throws Exception {
        Path home = dir.resolve("qmail");
        Files.createDirectories(home.resolve("control"));
        Files.createDirectories(home.resolve("alias"));
        Files.writeString(home.resolve("control/me"), "old.example\n");
        Files.writeString(home.resolve("alias/.qmail-root"), "&admin@example.com\n");
        List<String> created = create(home);
        assertEquals("old.example\n", Files.readString(home.resolve("control/me")));
        assertEquals("&admin@example.com\n", Files.readString(home.resolve("alias/.qmail-root")));
        assertEquals(0, lookups.get());
        assertFalse(created.contains("control/me"));
        assertFalse(created.contains("alias/.qmail-root"));
        assertTrue(created.contains("alias/.qmail-postmaster"));
    }

    @Test
    void aConfiguredControlDirectoryGetsNoLocalsOrRcptHosts() throws Exception {
        // With me present a missing locals (= me) or rcpthosts has a meaning that must stay.
        Path home = dir.resolve("qmail");
        Files.createDirectories(home.resolve("control"));
        Files.writeString(home.resolve("control/me"), "old.example\n");
        create(home);
        assertFalse(Files.exists(home.resolve("control/locals")));
        assertFalse(Files.exists(home.resolve("control/rcpthosts")));
    }

    @Test
    void anExistingQmailTreeKeepsItsModes() throws Exception {
        Path home = dir.resolve("qmail");
        Files.createDirectories(home.resolve("alias/Maildir/new"));
        Files.setPosixFilePermissions(home.resolve("alias/Maildir"), PosixFilePermissions.fromString("rwxr-x---"));
        create(home);
        assertEquals("rwxr-x---", mode(home.resolve("alias/Maildir")));
    }

    @Test
    void aFailureIsLoggedNotThrown() throws Exception {
        Path blocked = dir.resolve("file");
        Files.writeString(blocked, "a file where the home should be");
        assertEquals(List.of(), create(blocked.resolve("home")));
    }
}

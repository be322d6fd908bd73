package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mode bits as the kernel reads them for a uid and gid with no other groups: the owner's bits for
 * the owner, else the group's for the group, else the others'; the first directory that stops the
 * user is the one named. Needs root, to give files to other users.
 */
class UserReachTest {

    private static final long USER = 65534;
    private static final long OTHER = 65533;

    private Path base;
    private Path java;
    private Path jar;

    @BeforeEach
    void setUp() throws IOException {
        assumeTrue(ServerIdentity.isRoot(), "giving files to other users needs root");
        base = Files.createTempDirectory("tessera-user-reach");
        mode(base, "rwxr-xr-x");
        Path dir = Files.createDirectory(base.resolve("dir"));
        mode(dir, "rwxr-xr-x");
        java = Files.createFile(dir.resolve("java"));
        mode(java, "rwxr-xr-x");
        jar = Files.createFile(dir.resolve("a.jar"));
        mode(jar, "rw-r--r--");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private Optional<String> why() {
        return UserReach.whyNotStartable(java, List.of(jar), USER, USER);
    }

    @Test
    void aClosedDirectoryOnTheWayIsNamedWithItsModeAndOwner() throws IOException {
        assertEquals(Optional.empty(), why());
        mode(base.resolve("dir"), "rwx------");
        assertEquals(Optional.of(base.resolve("dir") + " is not searchable by uid 65534 gid 65534 (mode 0700, owner 0, group 0)"),
                why());
    }

    @Test
    void theOwnersBitsAreTheOwnersEvenWhenTheGroupWouldAllow() throws IOException {
        Path dir = base.resolve("dir");
        owner(dir, USER, USER);
        mode(dir, "---rwx---");
        assertEquals(Optional.of(dir + " is not searchable by uid 65534 gid 65534 (mode 0070, owner 65534, group 65534)"), why());
        owner(dir, OTHER, USER);
        assertEquals(Optional.empty(), why(), "the group's bits for the group");
    }

    @Test
    void aJarTheUserCannotReadAndAJavaItCannotRunAreNamed() throws IOException {
        mode(jar, "rw-------");
        assertEquals(Optional.of(jar + " is not readable by uid 65534 gid 65534 (mode 0600, owner 0, group 0)"), why());
        mode(java, "rwxr--r--");
        assertEquals(Optional.of(java + " is not executable by uid 65534 gid 65534 (mode 0744, owner 0, group 0)"), why());
    }

    private static void mode(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    private static void owner(Path path, long uid, long gid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid);
        Files.setAttribute(path, "unix:gid", (int) gid);
    }
}

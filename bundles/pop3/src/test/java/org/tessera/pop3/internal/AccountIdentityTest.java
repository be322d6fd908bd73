package org.tessera.pop3.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** As root: the account's identity holds for the task only, on its thread only. */
class AccountIdentityTest {

    private static final long NOBODY = 65534;

    @Test
    void aTaskSeesTheFilesAsTheAccountAndTheThreadGetsRootBack(@TempDir Path dir) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) || Boolean.getBoolean("tessera.requireTools"),
                "needs root");
        Path secret = Files.writeString(dir.resolve("secret"), "root only");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        AccountIdentity identity = AccountIdentity.forRootServer();
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            // Started before the switch: a thread inherits the identity of the thread that starts it.
            other.submit(() -> null).get();
            assertThrows(AccessDeniedException.class, () -> identity.call(NOBODY, NOBODY, () -> {
                // Meanwhile another thread of the server is still root.
                assertEquals("root only", other.submit(() -> Files.readString(secret)).get());
                return Files.readString(secret);
            }));
            assertThrows(AccessDeniedException.class, () -> identity.call(NOBODY, NOBODY, () -> {
                Files.delete(secret);
                return null;
            }));
            Path created = identity.call(NOBODY, NOBODY, () -> Files.writeString(Files.createTempDirectory("acct")
                    .resolve("mine"), "x"));
            assertEquals(NOBODY, ((Number) Files.getAttribute(created, "unix:uid")).longValue());
            assertEquals("root only", Files.readString(secret), "the calling thread is root again");
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void uidZeroIsNeverTaken() {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        AccountIdentity identity = AccountIdentity.forRootServer();
        assertThrows(IllegalArgumentException.class, () -> identity.call(0, 0, () -> null));
        assertThrows(IllegalArgumentException.class, () -> identity.call(AuthResultIds.UNKNOWN, 1, () -> null));
    }

    private static final class AuthResultIds {
        static final long UNKNOWN = org.tessera.api.auth.AuthResult.UNKNOWN_ID;
    }
}

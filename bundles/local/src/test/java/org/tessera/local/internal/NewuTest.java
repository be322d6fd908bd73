package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.users.MailUser;
import org.tessera.common.users.Newu;

/** qmail-newu in process and as bin/qmail-newu: the cdb it writes, and users/cdb untouched on every error. */
class NewuTest {

    static final String ASSIGN = "=joe:joe:507:100:/home/joe:::\n+joe-:joe:507:100:/home/joe:-::\n"
            + "+:alias:7790:2108:/var/qmail/alias:-::\n.\n";

    @TempDir
    Path dir;

    private String run(Path home) {
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = Newu.run(home, Cdb.files(), new PrintStream(errors, true, StandardCharsets.UTF_8));
        return exit + " " + errors.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compilesAssignIntoTheCdbTheDirectoryReads() throws Exception {
        Path users = Files.createDirectories(dir.resolve("users"));
        Files.writeString(users.resolve("assign"), ASSIGN);
        assertEquals("0 ", run(dir));
        assertFalse(Files.exists(users.resolve("cdb.tmp")));
        try (UsersCdb cdb = new UsersCdb(users.resolve("cdb"), Cdb.files())) {
            assertEquals(Optional.of(new MailUser("joe", 507, 100, "/home/joe", "-", "Info")), cdb.find("Joe-Info"));
            assertEquals(Optional.of(new MailUser("alias", 7790, 2108, "/var/qmail/alias", "-", "root")), cdb.find("root"));
        }
    }

    @Test
    void everyErrorIsFatalAndLeavesTheCdbAsItWas() throws Exception {
        assertEquals("111 qmail-newu: fatal: unable to chdir\n", run(dir.resolve("nohome")));
        Path users = Files.createDirectories(dir.resolve("users"));
        assertEquals("111 qmail-newu: fatal: unable to open users/assign\n", run(dir));
        Files.writeString(users.resolve("assign"), ASSIGN);
        assertEquals("0 ", run(dir));
        byte[] good = Files.readAllBytes(users.resolve("cdb"));
        for (String bad : List.of("=joe:joe:507:100:/home/joe:::\n", "=joe:joe:507:100:/home/joe:::\n\n.\n",
                "=joe:joe:507:100:/home/joe:\n.\n")) {
            Files.writeString(users.resolve("assign"), bad);
            assertEquals("111 qmail-newu: fatal: bad format in users/assign\n", run(dir), bad);
            assertArrayEquals(good, Files.readAllBytes(users.resolve("cdb")));
        }
        Files.delete(users.resolve("assign"));
        Files.createDirectory(users.resolve("assign"));
        assertEquals("111 qmail-newu: fatal: unable to read users/assign\n", run(dir));
        assertArrayEquals(good, Files.readAllBytes(users.resolve("cdb")));
    }
}

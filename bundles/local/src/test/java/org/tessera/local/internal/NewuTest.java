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
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.users.MailUser;

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

    @Test
    void theScriptCompilesAsTheToolInProcessAndExitsAsQmailNewu() throws Exception {
        Path bin = Program.distribution(dir, "qmail-newu");
        Path home = Files.createDirectories(dir.resolve("home/users"));
        Files.writeString(home.resolve("assign"), ASSIGN);
        Map<String, String> env = Map.of("TESSERA_HOME", home.getParent().toString());
        List<String> command = List.of(bin.resolve("qmail-newu").toString());
        assertEquals(new Program.Result(0, "", ""), Program.run(command, dir, new byte[0], env));
        byte[] written = Files.readAllBytes(home.resolve("cdb"));
        Files.writeString(home.resolve("assign"), ASSIGN.replace(".\n", ""));
        assertEquals(new Program.Result(111, "", "qmail-newu: fatal: bad format in users/assign\n"),
                Program.run(command, dir, new byte[0], env));
        assertArrayEquals(written, Files.readAllBytes(home.resolve("cdb")));
        Files.writeString(home.resolve("assign"), ASSIGN);
        Files.delete(home.resolve("cdb"));
        assertEquals(0, run(home.getParent()).charAt(0) - '0');
        assertArrayEquals(written, Files.readAllBytes(home.resolve("cdb")));
        // Without TESSERA_HOME the home is ./var/tessera, as for bin/tessera.
        Files.createDirectories(dir.resolve("var/tessera/users"));
        Files.writeString(dir.resolve("var/tessera/users/assign"), ASSIGN);
        assertEquals(0, Program.run(command, dir, new byte[0], Map.of()).exit());
        assertArrayEquals(written, Files.readAllBytes(dir.resolve("var/tessera/users/cdb")));
    }
}

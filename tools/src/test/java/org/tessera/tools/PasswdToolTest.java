package org.tessera.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.common.passwd.Argon2id;

/** bin/tessera-passwd: its arguments, its input, its messages and exit codes. */
class PasswdToolTest {

    @TempDir
    Path directory;

    private Path file;
    private Path accounts;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws IOException {
        file = directory.resolve("passwd.tessera");
        accounts = directory.resolve("system-passwd");
        Files.writeString(accounts, "anne:x:1001:100:Anne:/home/anne:/bin/sh\n");
    }

    @Test
    void addsAUserWithThePasswordOfStandardInput() throws IOException {
        assertEquals(0, run("s3cret\n", "-f", file.toString(), "-u", "1002", "-g", "100", "-d", "/home/bob", "bob"));

        assertEquals("tessera-passwd: added bob to " + file + "\n", out());
        assertEquals("", err());
        assertEquals(new Entry(1002, 100, "/home/bob", true), entry("bob", "s3cret"));
    }

    @Test
    void changesAPasswordFromALineEndingInCrLf() throws IOException {
        Files.writeString(file, "anne:{PLAIN}old:1001:100::/home/anne\n");

        assertEquals(0, run("new\r\nignored\n", "-f", file.toString(), "--", "anne"));

        assertEquals("tessera-passwd: changed the password of anne in " + file + "\n", out());
        assertEquals(new Entry(1001, 100, "/home/anne", true), entry("anne", "new"));
    }

    @Test
    void editsTheFileInTheEtcOfTheHome() throws IOException {
        Path home = directory.resolve("home");
        Files.createDirectories(home.resolve("etc"));

        assertEquals(0, run("pw\n", "anne"));

        assertTrue(Files.readString(home.resolve("etc/passwd.tessera")).startsWith("anne:{ARGON2ID}$argon2id$"));
    }

    @Test
    void asksTheTerminalTwice() {
        List<String> prompts = new ArrayList<>();
        Deque<String> typed = new ArrayDeque<>(List.of("one", "two"));
        Function<String, char[]> terminal = prompt -> {
            prompts.add(prompt);
            String next = typed.poll();
            return next == null ? null : next.toCharArray();
        };

        int status = PasswdTool.run(List.of("-f", file.toString(), "anne"), terminal, new ByteArrayInputStream(new byte[0]),
                new PrintStream(out, true), new PrintStream(err, true), null, accounts);

        assertEquals(100, status);
        assertEquals(List.of("Password for anne: ", "Again: "), prompts);
        assertEquals("tessera-passwd: the passwords differ; nothing changed\n", err());
        assertFalse(Files.exists(file));

        // end of input at the first prompt
        assertEquals(100, PasswdTool.run(List.of("-f", file.toString(), "anne"), terminal,
                new ByteArrayInputStream(new byte[0]), new PrintStream(out, true), new PrintStream(err, true), null, accounts));
    }

    @Test
    void refusesBadUsageWith100() {
        for (List<String> args : List.of(List.<String>of(), List.of("anne", "bob"), List.of("-x", "1", "anne"),
                List.of("-u", "abc", "anne"), List.of("anne", "-u"), List.of("-u"))) {
            err.reset();
            assertEquals(100, run("pw\n", args.toArray(String[]::new)), args.toString());
            assertTrue(err().startsWith("tessera-passwd: "), err());
            assertTrue(err().contains("tessera-passwd: usage: tessera-passwd [-f FILE] [-u UID] [-g GID] [-d HOME] USER"), err());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesBadInputWith100() {
        assertEquals(100, run("", "-f", file.toString(), "anne"));
        assertEquals("tessera-passwd: no password given; nothing changed\n", err());

        err.reset();
        assertEquals(100, run("\n", "-f", file.toString(), "anne"));
        assertEquals("tessera-passwd: the password is empty; nothing changed\n", err());

        err.reset();
        assertEquals(100, run("pw\n", "-f", file.toString(), "carol"));
        assertTrue(err().startsWith("tessera-passwd: carol is neither in the password file nor a system account"), err());
        assertFalse(Files.exists(file));
    }

    @Test
    void failsWith111OnASystemError() {
        Path nowhere = directory.resolve("missing/passwd.tessera");

        assertEquals(111, run("pw\n", "-f", nowhere.toString(), "anne"));

        assertTrue(err().startsWith("tessera-passwd: unable to set the password in " + nowhere + ": "), err());
    }

    private int run(String stdin, String... args) {
        return PasswdTool.run(List.of(args), null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                directory.resolve("home").toString(), accounts);
    }

    /** A user's line of the password file: its uid, gid and home, and whether its argon2id hash is the password's. */
    private record Entry(long uid, long gid, String home, boolean matches) {
    }

    private Entry entry(String user, String password) throws IOException {
        for (String line : Files.readAllLines(file)) {
            String[] fields = line.split(":", -1);
            if (fields[0].equals(user)) {
                assertTrue(fields[1].startsWith("{ARGON2ID}"), line);
                boolean matches = Argon2id.parse(fields[1].substring("{ARGON2ID}".length()))
                        .matches(password.getBytes(StandardCharsets.UTF_8));
                return new Entry(Long.parseLong(fields[2]), Long.parseLong(fields[3]), fields[5], matches);
            }
        }
        throw new AssertionError(user + " is not in " + file);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}

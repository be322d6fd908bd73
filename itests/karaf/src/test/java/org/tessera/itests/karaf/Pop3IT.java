package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * POP3 in the distribution (issue 11), with real clients: Python's poplib through every command and
 * error, fetchmail and getmail6 retrieving into a Maildir and deleting on the server, APOP, both
 * password checkers (etc/passwd.tessera set by bin/tessera-passwd, and a checkpassword program
 * named by TESSERA_CHECKPASSWORD), a Maildir whose {@code cur} links to a root-only directory,
 * checker bundles stopped and started under open sessions, and the mail log. The server runs as
 * root here (CI does), so every Maildir operation runs with the account's uid and gid.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class Pop3IT {

    // Accounts every Debian system has: nobody (joe, pat) and mail (ann, eve).
    private static final long NOBODY = 65534;
    private static final long MAIL = 8;
    private static final Path USERS = Path.of("target", "pop3-users").toAbsolutePath();
    private static final Path TABLE = USERS.resolve("checkpassword.table");
    private static final Path RESOURCES = Path.of("src/test/resources/pop3").toAbsolutePath();
    private static final Pattern GREETING = Pattern.compile("GREETING \\+OK <\\d+\\.\\d+@" + Pattern.quote(SmtpHome.ME) + ">");

    // The failed logins here are answered after the throttle's delay, kept short (Pop3TlsIT tests the throttle).
    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("pop3-home", Map.of(), true,
            Map.of("TESSERA_CHECKPASSWORD", "python3 " + RESOURCES.resolve("checkpassword.py") + " " + TABLE))
            .etc("org.tessera.login.cfg", "failureDelayMillis = 20\n");

    private static Path joe;
    private static Path ann;
    private static Path eve;

    @BeforeClass
    public static void accounts() throws Exception {
        assumeTrue("the account identities need root", "root".equals(System.getProperty("user.name")));
        Files.createDirectories(TestHome.fresh("pop3-users"));
        Files.setPosixFilePermissions(USERS, PosixFilePermissions.fromString("rwxr-xr-x"));
        joe = home("joe", NOBODY);
        ann = home("ann", MAIL);
        eve = home("eve", MAIL);
        Files.writeString(TABLE, "ann:ann-secret:" + MAIL + ":" + MAIL + ":" + ann + "\n"
                + "slow:x:" + MAIL + ":" + MAIL + ":" + ann + "\n");
        Files.writeString(smtp.commands.home.resolve("users/assign"),
                "=joe:joe:" + NOBODY + ":" + NOBODY + ":" + joe + ":::\n.\n");
        Result newu = smtp.commands.run(60, List.of(smtp.commands.bin("qmail-newu")), null);
        assertEquals(newu.toString(), 0, newu.exit());
        // Far beyond the stop test's wait, so that only the bundle's stop can end the hanging login.
        Files.writeString(smtp.commands.home.resolve("etc/org.tessera.checkpassword.exec.cfg"), "timeoutSeconds = 50\n");
    }

    private static Path home(String name, long uid) throws IOException {
        Path home = Files.createDirectories(USERS.resolve(name));
        for (String sub : List.of("", "/Maildir", "/Maildir/new", "/Maildir/cur", "/Maildir/tmp")) {
            Path dir = Files.createDirectories(Path.of(home + sub));
            own(dir, uid);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(sub.isEmpty() ? "rwxr-xr-x" : "rwx------"));
        }
        return home;
    }

    private static void own(Path path, long uid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid);
        Files.setAttribute(path, "unix:gid", (int) uid);
    }

    /** A message file in {@code maildir/new}, owned by {@code uid}, with an mtime {@code age} seconds ago. */
    private static Path put(Path home, String name, String content, long age, long uid) throws IOException {
        Path file = Files.writeString(home.resolve("Maildir/new").resolve(name), content);
        own(file, uid);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(age)));
        return file;
    }

    private static List<String> poplib(String... commands) throws Exception {
        Path input = Files.createTempFile("pop3-commands", ".txt");
        try {
            Files.writeString(input, String.join("\n", commands) + "\n");
            Result r = smtp.commands.run(120, List.of("python3", RESOURCES.resolve("poplib_client.py").toString(),
                    Integer.toString(smtp.commands.pop3Port)), input);
            assertEquals(r.toString(), 0, r.exit());
            return r.out().lines().toList();
        } finally {
            Files.delete(input);
        }
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String log() throws IOException {
        return Files.readString(smtp.commands.home.resolve("log/current"));
    }

    @Test
    public void test01_setPasswordsAndSeeTheListenerAndTheCheckers() throws Exception {
        Path input = Files.createTempFile("password", ".txt");
        Files.writeString(input, "joe-secret\n");
        Result set = smtp.commands.run(60, List.of(smtp.commands.bin("tessera-passwd"), "-u", Long.toString(NOBODY),
                "-g", Long.toString(NOBODY), "-d", joe.toString(), "joe"), input);
        Files.delete(input);
        assertEquals(set.toString(), 0, set.exit());
        Path passwd = smtp.commands.home.resolve("etc/passwd.tessera");
        String entry = Files.readString(passwd);
        assertTrue(entry, entry.startsWith("joe:{ARGON2ID}$argon2id$v=19$"));
        assertTrue(entry, entry.contains(":" + NOBODY + ":" + NOBODY + "::" + joe + ":"));
        assertFalse("never the password itself", entry.contains("joe-secret"));
        Files.writeString(passwd, "pat:{PLAIN}pat-secret:" + NOBODY + ":" + NOBODY + "::" + joe + "::\n"
                + "eve:{PLAIN}eve-secret:" + MAIL + ":" + MAIL + "::" + eve + "::\n"
                + "root:{PLAIN}root-secret:0:0::/root::\n", java.nio.file.StandardOpenOption.APPEND);

        String stat = smtp.ctl("stat").out();
        assertTrue(stat, Pattern.compile("POP3 +\\| pop3 +\\| 127\\.0\\.0\\.1:" + smtp.commands.pop3Port + " +\\| none +\\| LISTENING")
                .matcher(stat).find());
        int exec = stat.indexOf("org.tessera.checkpassword.exec");
        int file = stat.indexOf("org.tessera.checkpassword.file");
        assertTrue("both checkers, the program first (ranking 200 > 100):\n" + stat, exec >= 0 && file > exec);
    }

    @Test
    public void test02_poplibThroughEveryCommand() throws Exception {
        put(joe, "1000.a.host", "Subject: a\n\nalpha\n.dot\n", 300, NOBODY);
        put(joe, "2000.b.host", "Subject: b\n\nbeta\n", 200, NOBODY);
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.com", List.of("joe@example.com"),
                    "Subject: delivered\r\n\r\nby SMTP\r\n"));
        }
        awaitFiles(joe.resolve("Maildir/new"), 3);
        Thread.sleep(1100); // qmail-pop3d leaves out what arrived in the current second
        List<String> out = poplib("raw STAT", "user joe", "pass_ joe-secret", "stat", "list", "uidl 2", "retr 1",
                "top 3 0", "dele 1", "dele 1", "retr 1", "retr 9", "list 0", "raw LAST", "rset", "raw LAST", "noop",
                "dele 2", "raw CAPA", "quit");
        assertTrue(out.toString(), GREETING.matcher(out.get(0)).matches());
        assertEquals("ERR -ERR authorization first", out.get(1));
        assertEquals("OK +OK ", out.get(2));
        assertEquals("OK +OK ", out.get(3));
        assertTrue(out.get(4), out.get(4).startsWith("OK 3|"));
        assertTrue(out.get(5), out.get(5).startsWith("OK +OK |1 23|2 17|3 "));
        assertEquals("OK +OK 2 2000.b.host", out.get(6));
        assertEquals("the extra empty line before the dot is qmail's", "OK +OK |Subject: a||alpha|.dot|", out.get(7));
        assertTrue(out.get(8), out.get(8).startsWith("OK +OK |") && out.get(8).contains("|Subject: delivered|")
                && out.get(8).endsWith("||") && !out.get(8).contains("by SMTP"));
        assertEquals("OK +OK ", out.get(9));
        assertEquals("ERR -ERR already deleted", out.get(10));
        assertEquals("ERR -ERR already deleted", out.get(11));
        assertEquals("ERR -ERR not that many messages", out.get(12));
        assertEquals("ERR -ERR messages are counted from 1", out.get(13));
        assertEquals("OK +OK 1", out.get(14));
        assertEquals("OK +OK ", out.get(15));
        assertEquals("OK +OK 0", out.get(16));
        assertEquals("OK +OK ", out.get(17));
        assertEquals("OK +OK ", out.get(18));
        assertEquals("ERR -ERR unimplemented", out.get(19));
        assertEquals("OK +OK ", out.get(20));
        assertEquals(List.of(), files(joe.resolve("Maildir/new")));
        List<String> cur = files(joe.resolve("Maildir/cur"));
        assertEquals(cur.toString(), 2, cur.size());
        assertTrue(cur.toString(), cur.contains("1000.a.host:2,") && cur.stream().allMatch(n -> n.endsWith(":2,")));
        for (String name : cur) {
            assertEquals("moved as the account", NOBODY,
                    ((Number) Files.getAttribute(joe.resolve("Maildir/cur").resolve(name), "unix:uid")).longValue());
        }
    }

    @Test
    public void test03_apopAndOneAttemptPerConnection() throws Exception {
        List<String> apop = poplib("apop pat pat-secret", "stat", "quit");
        assertEquals(apop.toString(), "OK +OK ", apop.get(1));
        assertEquals("OK 2|" + (23 + Files.size(onlyOther(joe.resolve("Maildir/cur"), "1000.a.host:2,"))),
                apop.get(2));
        List<String> wrong = poplib("user joe", "pass_ wrong", "noop");
        assertEquals("ERR -ERR authorization failed", wrong.get(2));
        assertTrue("the connection is gone: " + wrong, wrong.get(3).startsWith("CLOSED") || wrong.get(3).equals("ERR -ERR EOF"));
        List<String> root = poplib("user root", "pass_ root-secret", "noop");
        assertEquals("a checker's uid 0 is refused", "ERR -ERR authorization failed", root.get(2));
    }

    private static Path onlyOther(Path dir, String except) throws IOException {
        return files(dir).stream().filter(n -> !n.equals(except)).map(dir::resolve).findFirst().orElseThrow();
    }

    @Test
    public void test04_checkpasswordProgramFromTheEnvironment() throws Exception {
        put(ann, "3000.c.host", "Subject: c\n\ngamma\n", 100, MAIL);
        List<String> out = poplib("user ann", "pass_ ann-secret", "stat", "retr 1", "quit");
        assertEquals(out.toString(), "OK +OK ", out.get(2));
        assertEquals("OK 1|18", out.get(3));
        assertEquals("OK +OK |Subject: c||gamma|", out.get(4));
        assertEquals(List.of("3000.c.host:2,"), files(ann.resolve("Maildir/cur")));
        List<String> wrong = poplib("user ann", "pass_ nope");
        assertEquals("ERR -ERR authorization failed", wrong.get(2));
    }

    @Test
    public void test05_fetchmailRetrievesIntoAMaildirAndDeletes() throws Exception {
        SmtpIT.requireTool("fetchmail");
        threeMessagesForJoe("fetch");
        Path target = maildirOf("fetched");
        Path deliver = Files.writeString(USERS.resolve("fetchmail-deliver.sh"),
                "#!/bin/sh\nf=$(mktemp " + target + "/tmp/m.XXXXXX) && cat > \"$f\" && mv \"$f\" " + target + "/new/\n");
        Files.setPosixFilePermissions(deliver, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path rc = Files.writeString(USERS.resolve("fetchmailrc"), "set no bouncemail\n"
                + "poll 127.0.0.1 with proto pop3 port " + smtp.commands.pop3Port + " auth password\n"
                + "  user \"joe\" there with password \"joe-secret\" is root here\n"
                + "  nokeep fetchall no rewrite sslproto '' mda \"" + deliver + "\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Result r = smtp.commands.run(120, List.of("fetchmail", "--nosyslog", "-v", "-f", rc.toString(),
                "--pidfile", USERS.resolve("fetchmail.pid").toString()), null);
        assertRetrievedAndDeleted(r, target, "fetch");
    }

    @Test
    public void test06_getmailRetrievesIntoAMaildirAndDeletes() throws Exception {
        SmtpIT.requireTool("getmail");
        threeMessagesForJoe("getmail");
        Path target = maildirOf("gotten");
        for (String sub : List.of("", "/new", "/cur", "/tmp")) {
            own(Path.of(target + sub), NOBODY);
        }
        Path getmailDir = Files.createDirectories(USERS.resolve("getmail"));
        Path rc = Files.writeString(getmailDir.resolve("getmailrc"), "[retriever]\ntype = SimplePOP3Retriever\n"
                + "server = 127.0.0.1\nport = " + smtp.commands.pop3Port + "\nusername = joe\npassword = joe-secret\n"
                + "[destination]\ntype = Maildir\npath = " + target + "/\nuser = nobody\n"
                + "[options]\ndelete = true\nread_all = true\nverbose = 2\n");
        Result r = smtp.commands.run(120, List.of("getmail", "--rcfile=" + rc, "--getmaildir=" + getmailDir), null);
        assertRetrievedAndDeleted(r, target, "getmail");
    }

    private static void threeMessagesForJoe(String subject) throws IOException {
        clearMaildir(joe);
        for (int i = 0; i < 3; i++) {
            put(joe, subject + "-" + i + ".host", "Subject: " + subject + " " + i + "\n\nbody " + i + "\n", 100 - i, NOBODY);
        }
    }

    /** The client exited 0, its Maildir holds the three messages, joe's is empty. */
    private static void assertRetrievedAndDeleted(Result client, Path target, String subject) throws IOException {
        assertEquals(client.toString(), 0, client.exit());
        List<String> retrieved = files(target.resolve("new"));
        assertEquals(client.toString(), 3, retrieved.size());
        String all = String.join("\n", retrieved.stream().map(n -> read(target.resolve("new").resolve(n))).toList());
        for (int i = 0; i < 3; i++) {
            assertTrue(all, all.contains("Subject: " + subject + " " + i));
        }
        assertEquals("deleted on the server", List.of(), files(joe.resolve("Maildir/new")));
        assertEquals(List.of(), files(joe.resolve("Maildir/cur")));
    }

    private static Path maildirOf(String name) throws IOException {
        Path maildir = USERS.resolve(name);
        for (String sub : List.of("new", "cur", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        return maildir;
    }

    private static void clearMaildir(Path home) throws IOException {
        for (String sub : List.of("new", "cur")) {
            for (String name : files(home.resolve("Maildir").resolve(sub))) {
                Files.delete(home.resolve("Maildir").resolve(sub).resolve(name));
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    public void test07_aMaildirLinkedToRootFilesGivesNothing() throws Exception {
        Path secrets = Files.createDirectories(USERS.resolve("root-only"));
        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path secret = Files.writeString(secrets.resolve("1000.secret.host"), "Subject: root's\n\nkeep out\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.setLastModifiedTime(secret, FileTime.from(Instant.now().minusSeconds(100)));
        Path cur = eve.resolve("Maildir/cur");
        Files.delete(cur);
        Files.createSymbolicLink(cur, secrets);
        List<String> out = poplib("user eve", "pass_ eve-secret", "list", "retr 1", "dele 1", "quit");
        assertEquals(out.toString(), "OK +OK ", out.get(2));
        assertEquals("OK +OK |1 26", out.get(3));
        assertEquals("ERR -ERR unable to open that message", out.get(4));
        assertEquals("OK +OK ", out.get(5));
        assertEquals("ERR -ERR unable to unlink all deleted messages", out.get(6));
        assertEquals("Subject: root's\n\nkeep out\n", Files.readString(secret));

        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rwx------"));
        List<String> hidden = poplib("user eve", "pass_ eve-secret");
        assertEquals(hidden.toString(), "ERR -ERR unable to scan $HOME/Maildir", hidden.get(2));
    }

    @Test
    public void test08_checkerBundlesStoppedAndStartedUnderOpenSessions() throws Exception {
        try (Pop3Connection reading = new Pop3Connection(smtp.commands.pop3Port); Pop3Connection waiting = new Pop3Connection(smtp.commands.pop3Port)) {
            assertEquals("+OK ", reading.send("USER ann"));
            assertEquals("+OK ", reading.send("PASS ann-secret"));
            assertEquals("+OK ", waiting.send("USER joe"));
            smtp.ctl("bundle:stop", "org.tessera.checkpassword.file");
            try {
                assertEquals("joe's checker is gone: no login, nobody else let in",
                        "-ERR authorization failed", waiting.send("PASS joe-secret"));
                assertTrue(reading.send("STAT").startsWith("+OK "));
            } finally {
                smtp.ctl("bundle:start", "org.tessera.checkpassword.file");
            }
            try (Pop3Connection again = new Pop3Connection(smtp.commands.pop3Port)) {
                again.send("USER joe");
                assertEquals("+OK ", again.send("PASS joe-secret"));
            }
            assertTrue(reading.send("NOOP").startsWith("+OK "));
        }

        // A login under way when its checker's bundle stops fails, at once and temporarily: its answer is not
        // taken, as qmail-popup takes none from a checkpassword child that was killed.
        try (Pop3Connection slow = new Pop3Connection(smtp.commands.pop3Port)) {
            slow.send("USER slow");
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    return slow.send("PASS x");
                } catch (IOException e) {
                    return e.toString();
                }
            });
            Thread.sleep(1500);
            long stopped = System.nanoTime();
            smtp.ctl("bundle:stop", "org.tessera.checkpassword.exec");
            try {
                assertEquals("-ERR aack, child crashed", answer.get(30, TimeUnit.SECONDS));
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopped);
                assertTrue("answered " + seconds + " s after the stop, not at the 50 s timeout", seconds < 15);
            } finally {
                smtp.ctl("bundle:start", "org.tessera.checkpassword.exec");
            }
        }
        List<String> ann = poplib("user ann", "pass_ ann-secret", "quit");
        assertEquals(ann.toString(), "OK +OK ", ann.get(2));
    }

    @Test
    public void test09_theMailLogHasTcpserversLinesAndOneLinePerLogin() throws Exception {
        String log = log();
        assertTrue(log, log.contains(" pop3: login ok joe from 127.0.0.1 mechanism USER\n"));
        assertTrue(log, log.contains(" pop3: login ok ann from 127.0.0.1 mechanism USER\n"));
        assertTrue(log, log.contains(" pop3: login ok pat from 127.0.0.1 mechanism APOP\n"));
        assertTrue(log, log.contains(" pop3: login failed joe from 127.0.0.1 mechanism USER: rejected\n"));
        assertTrue(log, log.contains(" pop3: login failed root from 127.0.0.1 mechanism USER: uid 0 refused\n"));
        assertTrue(log, Pattern.compile("tcpserver: ok \\d+ " + Pattern.quote(SmtpHome.ME) + ":127\\.0\\.0\\.1:"
                + smtp.commands.pop3Port + " :127\\.0\\.0\\.1::\\d+\n").matcher(log).find());
        for (String secret : List.of("joe-secret", "ann-secret", "pat-secret", "wrong", "nope")) {
            assertFalse("no password in the log: " + secret, log.contains(secret));
        }
    }

    private static void awaitFiles(Path dir, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<String> now = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            now = files(dir);
            if (now.size() >= count) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(count + " files in " + dir + " within 60 s, have " + now + "; log:\n" + log());
    }
}

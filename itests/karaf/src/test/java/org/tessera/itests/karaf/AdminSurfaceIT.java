package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.ListeningSockets.Socket;

/**
 * What a running distribution offers to the rest of its machine, started by {@code bin/tessera}
 * under umask 000: it listens on exactly the configured listeners and the console, all on loopback
 * (no shutdown port, RMI, JMX or HTTP of Karaf's); no account or key comes with the distribution;
 * the console's secrets, the queue and whatever would run code as the server are its user's alone;
 * another local user ({@code nobody}) sends mail with the tools of {@code bin/} but can neither read
 * those secrets nor administer or stop the server; and the console's ssh server forwards no port.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class AdminSurfaceIT {

    private static final String OWNER_ONLY_DIRECTORY = "rwx------";
    private static final String OWNER_ONLY_FILE = "rw-------";
    /** The console's passwords and keys, in the home (the TLS keys of etc/tls/ besides). */
    private static final List<String> SECRETS = List.of("etc/users.properties", "etc/keys.properties", "etc/ctl.key",
            "etc/host.key", "data/known_hosts");
    // The other local user: nobody, on every Debian system.
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
            "--", "env", "HOME=/", "USER=nobody", "LOGNAME=nobody");

    private static Commands commands;
    private static Path home;
    private static long pid;

    @BeforeClass
    public static void startUnderAPermissiveUmask() throws Exception {
        commands = new Commands("surface-home");
        home = commands.home;
        commands.umask = "000";
        commands.startAndAwaitUp(180);
        pid = Long.parseLong(Files.readString(home.resolve("data/tessera.pid")).strip());
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (home != null && Files.exists(home.resolve("data"))) {
            commands.tessera(60, "stop");
        }
    }

    @Test
    public void a_listensOnTheConfiguredPortsOnly() throws Exception {
        assertListensOnTheConfiguredPortsOnly();
    }

    @Test
    public void b_noAccountOrKeyComesWithTheDistribution() throws IOException {
        Path distributionEtc = commands.distribution.resolve("etc");
        assertEquals("accounts in the distribution's users.properties", Set.of(),
                accounts(distributionEtc.resolve("users.properties")));
        assertEquals("keys in the distribution's keys.properties", Set.of(),
                accounts(distributionEtc.resolve("keys.properties")));
        try (Stream<Path> files = Files.walk(commands.distribution)) {
            List<Path> keys = files.filter(f -> f.getFileName().toString().matches(".*\\.(key|pem|jks|p12|keystore)$"))
                    .toList();
            assertEquals("key files in the distribution, the same on every machine", List.of(), keys);
        }
        // The first start's: one admin account with its ctl key, and nothing else (no karaf = karaf).
        assertEquals(Set.of("tessera"), accounts(home.resolve("etc/users.properties")));
        assertEquals(Set.of("tessera"), accounts(home.resolve("etc/keys.properties")));
        String ctlKey = Files.readString(home.resolve("etc/ctl.key.pub")).split(" ")[1];
        assertTrue("the console key is the first start's ctl.key",
                properties(home.resolve("etc/keys.properties")).getProperty("tessera").startsWith(ctlKey + ","));
    }

    @Test
    public void c_secretsAndWhatRunsCodeAreTheServersUsersOnly() throws IOException {
        assertEquals("etc/", OWNER_ONLY_DIRECTORY, mode(home.resolve("etc")));
        for (Path secret : secrets()) {
            assertEquals(home.relativize(secret).toString(), OWNER_ONLY_FILE, mode(secret));
        }
        for (String dir : List.of("data/log", "data/tmp", "queue/log", "queue/msg", "queue/bad")) {
            assertEquals(dir, OWNER_ONLY_DIRECTORY, mode(home.resolve(dir)));
        }
        // deploy/, etc/ and the bundle cache run code as the server; control/, users/ and alias/ steer deliveries.
        List<String> writable;
        try (Stream<Path> all = Files.walk(home)) {
            writable = all.filter(f -> !Files.isSymbolicLink(f)).filter(AdminSurfaceIT::writableByOthers)
                    .map(f -> home.relativize(f) + " " + mode(f)).toList();
        }
        assertEquals("group- or world-writable in the home", List.of(), writable);
    }

    @Test
    public void d_anotherUserSendsMailButNeitherReadsSecretsNorAdministers() throws Exception {
        assumeTrue("switching to nobody needs root", "root".equals(System.getProperty("user.name")));
        Path inbox = home.resolve("alias/Maildir/new");
        Result sendmail = asNobody(List.of(commands.bin("sendmail"), "postmaster"),
                "Subject: from sendmail\n\nhello\n");
        assertEquals(sendmail.toString(), 0, sendmail.exit());
        Result inject = asNobody(List.of(commands.bin("qmail-inject")),
                "To: postmaster\nSubject: from qmail-inject\n\nhello\n");
        assertEquals(inject.toString(), 0, inject.exit());
        awaitSubjects(inbox, Set.of("Subject: from sendmail", "Subject: from qmail-inject"));

        List<Path> unreadable = secrets();
        unreadable.add(home.resolve("data/log/security.log"));
        try (Stream<Path> log = Files.list(home.resolve("queue/log"))) {
            unreadable.addAll(log.toList());
        }
        for (Path file : unreadable) {
            Result read = asNobody(List.of("head", "-c", "1", file.toString()), "");
            assertNotEquals("nobody read " + file + ": " + read, 0, read.exit());
        }
        // Not alias/: nobody is the alias user here, whose home it is.
        for (String dir : List.of("deploy", "etc", "control", "users", "queue", "data/cache")) {
            Result write = asNobody(List.of("touch", home.resolve(dir).resolve("by-nobody.jar").toString()), "");
            assertNotEquals("nobody wrote into " + dir + ": " + write, 0, write.exit());
        }

        Result ctl = asNobody(List.of(commands.bin("tessera"), "ctl", "stat"), "");
        assertNotEquals("ctl stat by nobody: " + ctl, 0, ctl.exit());
        assertTrue(ctl.out(), ctl.out().contains("the console is for the server's user"));
        assertFalse(ctl.out(), ctl.out().contains("components active"));
        Result qstat = asNobody(List.of(commands.bin("qmail-qstat")), "");
        assertNotEquals("qmail-qstat by nobody: " + qstat, 0, qstat.exit());
        Result stop = asNobody(List.of(commands.bin("tessera"), "stop"), "");
        assertNotEquals("stop by nobody: " + stop, 0, stop.exit());
        assertTrue(stop.out(), stop.out().contains("stop it as the server's user"));
        Result stat = commands.tessera(60, "ctl", "stat");
        assertEquals("still running after nobody's stop: " + stat, 0, stat.exit());
    }

    @Test
    public void e_theConsoleForwardsNothing() throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/ssh"));
        assertFalse("ssh is missing (apt-get install openssh-client) and tessera.requireTools=true",
                !present && Boolean.getBoolean("tessera.requireTools"));
        assumeTrue("OpenSSH's ssh", present);
        // ssh -R: the server would listen on every address for whoever holds the console's key.
        int forwarded = TestHome.freePort();
        Result listen = consoleSsh("-o", "ExitOnForwardFailure=yes", "-N",
                "-R", "0.0.0.0:" + forwarded + ":127.0.0.1:" + commands.smtpPort);
        assertEquals("ssh -R refused: " + listen, 255, listen.exit());
        assertTrue(listen.out(), listen.out().contains("remote port forwarding failed"));
        // ssh -W (as -L): the server would connect anywhere for the console's client.
        Result connect = consoleSsh("-W", "127.0.0.1:" + commands.smtpPort);
        assertEquals("ssh -W refused: " + connect, 255, connect.exit());
        assertFalse(connect.out(), connect.out().contains("220 "));
    }

    @Test
    public void f_stillTheConfiguredPortsOnlyOnceMailFlowedAndForwardsWereAsked() throws Exception {
        assertListensOnTheConfiguredPortsOnly();
    }

    @Test
    public void z_stopBySignalEndsTheServer() throws Exception {
        Result stop = commands.tessera(60, "stop");
        assertEquals(stop.toString(), 0, stop.exit());
        assertTrue("the JVM has exited", exited(pid));
    }

    /**
     * Every configured port listens, on loopback (TESSERA_BIND is not set), and nothing else does: a
     * port some feature or setting opens fails this test, named. Waits for listeners still binding.
     */
    private static void assertListensOnTheConfiguredPortsOnly() throws Exception {
        Map<String, Integer> configured = commands.ports();
        Set<Socket> sockets;
        Set<String> missing;
        long deadline = System.nanoTime() + 30_000_000_000L;
        do {
            sockets = ListeningSockets.of(pid);
            Set<Integer> listening = sockets.stream().filter(s -> s.protocol().equals("tcp")).map(Socket::port)
                    .collect(Collectors.toSet());
            missing = configured.entrySet().stream().filter(e -> !listening.contains(e.getValue()))
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.toCollection(TreeSet::new));
        } while (!missing.isEmpty() && System.nanoTime() < deadline && pause());
        assertEquals("configured but not listening", Set.of(), missing);
        Set<Socket> unexpected = sockets.stream()
                .filter(s -> !s.protocol().equals("tcp") || !configured.containsValue(s.port()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals("listening but not configured", Set.of(), unexpected);
        Set<Socket> beyondLoopback = sockets.stream().filter(s -> !s.address().isLoopbackAddress())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals("listening beyond loopback", Set.of(), beyondLoopback);
    }

    /** Gone, or a zombie that init has not reaped yet (bin/tessera start leaves the JVM to init). */
    private static boolean exited(long process) throws IOException {
        try {
            // By lines: Files.readString sees a /proc file's size as 0 (see TestHome).
            String stat = Files.readAllLines(Path.of("/proc", Long.toString(process), "stat")).get(0);
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException gone) {
            return true;
        }
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(200);
        return true;
    }

    /** OpenSSH to the console as its admin, with the first start's ctl key and pinned host key, as bin/tessera ctl. */
    private static Result consoleSsh(String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("ssh", "-F", "/dev/null",
                "-p", Integer.toString(commands.sshPort), "-i", home.resolve("etc/ctl.key").toString(),
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + home.resolve("data/known_hosts"),
                "-o", "HostKeyAlias=tessera-console", "-o", "ConnectTimeout=10"));
        command.addAll(List.of(options));
        command.add("tessera@127.0.0.1");
        return commands.run(30, command, null);
    }

    /** {@link #SECRETS} and the TLS keys of etc/tls/, of which there is one at least (the first start's). */
    private static List<Path> secrets() throws IOException {
        List<Path> secrets = new ArrayList<>(SECRETS.stream().map(home::resolve).toList());
        try (Stream<Path> tls = Files.list(home.resolve("etc/tls"))) {
            secrets.addAll(tls.filter(f -> f.toString().endsWith(".key")).toList());
        }
        assertTrue("a TLS key in etc/tls: " + secrets,
                secrets.stream().anyMatch(f -> f.startsWith(home.resolve("etc/tls"))));
        return secrets;
    }

    private static Result asNobody(List<String> command, String input) throws Exception {
        Path in = Files.createTempFile("tessera-it", ".in");
        try {
            Files.writeString(in, input);
            List<String> nobody = new ArrayList<>(AS_NOBODY);
            nobody.addAll(command);
            return commands.run(60, nobody, in);
        } finally {
            Files.delete(in);
        }
    }

    private static void awaitSubjects(Path maildir, Set<String> subjects) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        Set<String> found = new TreeSet<>();
        while (!found.containsAll(subjects) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            try (Stream<Path> messages = Files.list(maildir)) {
                for (Path message : messages.toList()) {
                    for (String line : Files.readAllLines(message, StandardCharsets.ISO_8859_1)) {
                        if (subjects.contains(line)) {
                            found.add(line);
                        }
                    }
                }
            }
        }
        if (!found.containsAll(subjects)) {
            fail("delivered to postmaster: " + found + ", expected " + subjects);
        }
    }

    /** The accounts of a Karaf users or keys file: its names that are not groups ({@code _g_:...}). */
    private static Set<String> accounts(Path file) throws IOException {
        return properties(file).stringPropertyNames().stream().filter(name -> !name.startsWith("_g_:"))
                .collect(Collectors.toSet());
    }

    private static Properties properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newInputStream(file)) {
            properties.load(in);
        }
        return properties;
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // A file the running server removed since the walk listed it (a temporary file) is no one's to write.
    private static boolean writableByOthers(Path path) {
        Set<PosixFilePermission> mode;
        try {
            mode = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException removed) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE);
    }
}

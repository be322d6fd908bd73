package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * Runs the unpacked distribution the way an operator does, through {@code bin/tessera} and
 * Karaf's {@code bin/client}, with a fresh home: first start, {@code ctl}, the console's
 * accounts, stop.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class OperatorIT {

    private static final int BOOT_LIMIT_SECONDS = 180;

    private static Commands commands;
    private static Path home;
    private static int sshPort;

    @BeforeClass
    public static void startServer() throws Exception {
        commands = new Commands("operator-home");
        home = commands.home;
        sshPort = commands.sshPort;
        double bootSeconds = commands.startAndAwaitUp(BOOT_LIMIT_SECONDS);
        System.out.printf("OperatorIT: start to every component active (ctl stat exit 0): %.1f s%n", bootSeconds);
    }

    @AfterClass
    public static void stopServer() throws Exception {
        if (home != null && Files.exists(home)) {
            tessera(60, "stop");
        }
    }

    @Test
    public void a_firstStartCreatesTheHome() throws IOException {
        assertTrue(Files.isRegularFile(home.resolve("control/me")));
        assertTrue(Files.isRegularFile(home.resolve("alias/.qmail-postmaster")));
        assertTrue(Files.isDirectory(home.resolve("alias/Maildir/new")));
        for (String dir : List.of("users", "queue", "log", "etc")) {
            assertTrue(dir, Files.isDirectory(home.resolve(dir)));
        }
    }

    @Test
    public void b_statusSaysRunning() throws Exception {
        assertEquals(0, tessera(30, "status").exit());
    }

    @Test
    public void c_ctlStatReportsTheBundles() throws Exception {
        Result stat = tessera(60, "ctl", "stat");
        assertEquals(stat.toString(), 0, stat.exit());
        for (String bundle : List.of("org.tessera.access", "org.tessera.api", "org.tessera.control", "org.tessera.shell",
                "org.tessera.queue", "org.tessera.james.protocols", "org.tessera.listener")) {
            assertTrue(bundle + " in\n" + stat.out(), stat.out().contains(bundle));
        }
        assertTrue(stat.out(), stat.out().contains("components active"));
        assertTrue(stat.out(), stat.out().contains("queue: 0 messages; status: local 0/10 remote 0/20"));
    }

    @Test
    public void c_ctlShowsHelpForTheQmailCommands() throws Exception {
        Result help = tessera(60, "ctl", "plugins", "--help");
        assertEquals(help.toString(), 0, help.exit());
        assertTrue(help.out(), help.out().contains("DESCRIPTION"));
        assertTrue(help.out(), help.out().contains("ARGUMENTS") && help.out().contains("DeliveryTarget"));
    }

    @Test
    public void d_ctlFailsForAFailingCommand() throws Exception {
        Result unknown = tessera(60, "ctl", "no-such-command");
        assertNotEquals("unknown command: " + unknown, 0, unknown.exit());
        Result fails = tessera(60, "ctl", "bundle:stop", "no-such-bundle-name");
        assertNotEquals("failing command: " + fails, 0, fails.exit());
    }

    @Test
    public void e_consoleHasNoDefaultAccountAndAPrivatePassword() throws Exception {
        Path users = home.resolve("etc/users.properties");
        assertEquals("users.properties readable by the server's user only",
                EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(users));
        Properties accounts = new Properties();
        try (var in = Files.newInputStream(users)) {
            accounts.load(in);
        }
        assertFalse("no karaf account: " + accounts.keySet(), accounts.containsKey("karaf"));
        Set<String> names = accounts.stringPropertyNames();
        String admin = names.stream().filter(n -> !n.startsWith("_g_:")).findFirst().orElseThrow();
        String password = accounts.getProperty(admin).split(",")[0];
        assertTrue("a long random password", password.length() >= 16);

        Result refused = client("karaf", "karaf", "bundle:list");
        assertNotEquals("karaf/karaf must be refused: " + refused, 0, refused.exit());
        assertFalse(refused.out(), refused.out().contains("org.tessera.control"));

        Result accepted = client(admin, password, "bundle:list");
        assertEquals("the generated password works: " + accepted, 0, accepted.exit());
        assertTrue(accepted.out(), accepted.out().contains("Tessera"));
    }

    @Test
    public void f_consoleListensOnLoopbackOnly() throws Exception {
        String listening = Files.readString(Path.of("/proc/net/tcp"), StandardCharsets.US_ASCII)
                + Files.readString(Path.of("/proc/net/tcp6"), StandardCharsets.US_ASCII);
        String port = String.format(":%04X ", sshPort);
        List<String> sockets = listening.lines().filter(l -> l.contains(port) && l.contains(" 0A ")).toList();
        assertFalse("the console listens", sockets.isEmpty());
        for (String socket : sockets) {
            String local = socket.trim().split("\\s+")[1];
            assertTrue("bound to 127.0.0.1: " + local,
                    local.startsWith("0100007F:") || local.startsWith("0000000000000000FFFF00000100007F:"));
        }
    }

    @Test
    public void z_stopStopsIt() throws Exception {
        Result stop = tessera(60, "stop");
        assertEquals(stop.toString(), 0, stop.exit());
        assertNotEquals("status after stop", 0, tessera(30, "status").exit());
    }

    /** Karaf's own ssh client in batch mode, the console command on its standard input. */
    private static Result client(String user, String password, String consoleCommand) throws Exception {
        Path script = Files.createTempFile("tessera-it", ".cmd");
        try {
            Files.writeString(script, consoleCommand + "\n");
            return commands.run(30, List.of(commands.bin("client"), "-h", "127.0.0.1",
                    "-a", Integer.toString(sshPort), "-r", "1", "-u", user, "-p", password, "-b"), script);
        } finally {
            Files.delete(script);
        }
    }

    private static Result tessera(int timeoutSeconds, String... args) throws Exception {
        return commands.tessera(timeoutSeconds, args);
    }
}

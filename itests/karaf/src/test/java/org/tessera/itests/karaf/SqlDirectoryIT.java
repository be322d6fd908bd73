package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.h2.tools.Server;
import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.tessera.itests.karaf.Commands.Result;

/**
 * The SQL directory example through the whole server (issue 15): vpopmail's tables in an H2 TCP server the
 * test runs on 127.0.0.1, the example's feature installed into the running server with its H2 driver, and
 * {@code example.org} a virtual domain as vpopmail sets it up. Mail to a mailbox of the database lands in its
 * {@code pw_dir/Maildir} as its {@code pw_uid}; mail to a valias entry is forwarded to the entry's address;
 * POP3 takes the database's password and lists the mail, and refuses a wrong one; with the database
 * stopped, mail to it is deferred, not bounced, and delivered once the database is back; so is it while the
 * driver's bundle is stopped, when mail to other domains goes on.
 */
public class SqlDirectoryIT {

    private static final int UID = 2345;
    // openssl passwd -6 -salt itestsalt joe-secret: vpopmail's pw_passwd is a crypt(3) string.
    private static final String JOE_HASH =
            "$6$itestsalt$GhwqtU9tAkM.gSqXUDG4TU06WQwEyIOAQEweRHvqJJUm1APg1y5NO0VXfcf7zdnKVmAMBozD7dMnGiSoulHG51";
    private static final Path DATABASE = Path.of("target", "sql-database").toAbsolutePath();
    private static final Path MAILBOXES = Path.of("target", "sql-mailboxes").toAbsolutePath();
    private static final int DATABASE_PORT = freePort();
    private static final String URL = "jdbc:h2:tcp://127.0.0.1:" + DATABASE_PORT + "/vpopmail;MODE=MySQL";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("sql-home",
            Map.of("rcpthosts", "example.com\nexample.org\n", "virtualdomains", "example.org:example.org\n"), true)
            .etc("org.tessera.example.sql.cfg", "dataSourceFactory.target = (osgi.jdbc.driver.class=org.h2.Driver)\n"
                    + "url = " + URL + "\nuser = sa\n.password = \ntimeoutSeconds = 2\ndomains = example.org\n")
            .etc("org.tessera.login.cfg", "failureDelayMillis = 20\n");

    private static Server database;
    private static Path joe;

    @BeforeClass
    public static void databaseAndMailbox() throws Exception {
        assumeTrue("mailboxes owned by their pw_uid need root", "root".equals(System.getProperty("user.name")));
        TestHome.fresh("sql-database");
        joe = Files.createDirectories(TestHome.fresh("sql-mailboxes").resolve("example.org/joe"));
        for (Path dir : List.of(MAILBOXES, joe.getParent())) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (String sub : List.of("", "/Maildir", "/Maildir/new", "/Maildir/cur", "/Maildir/tmp")) {
            Path dir = Path.of(joe + sub);
            Files.createDirectories(dir);
            Files.setAttribute(dir, "unix:uid", UID);
            Files.setAttribute(dir, "unix:gid", UID);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(sub.isEmpty() ? "rwxr-xr-x" : "rwx------"));
        }
        database = startDatabase();
        try (Connection c = DriverManager.getConnection(URL, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE vpopmail (pw_name VARCHAR(32) NOT NULL, pw_domain VARCHAR(96) NOT NULL,"
                    + " pw_passwd VARCHAR(128), pw_uid INT, pw_gid INT, pw_gecos VARCHAR(48), pw_dir VARCHAR(160),"
                    + " pw_shell VARCHAR(20), pw_clear_passwd VARCHAR(16), PRIMARY KEY (pw_name, pw_domain))");
            s.execute("CREATE TABLE valias (alias VARCHAR(32) NOT NULL, domain VARCHAR(96) NOT NULL, valias_line TEXT NOT NULL)");
            s.execute("INSERT INTO vpopmail (pw_name, pw_domain, pw_passwd, pw_uid, pw_gid, pw_dir) VALUES ('joe', 'example.org', '"
                    + JOE_HASH + "', " + UID + ", " + UID + ", '" + joe + "')");
            s.execute("INSERT INTO valias VALUES ('info', 'example.org', '&joe@example.org')");
        }
    }

    @AfterClass
    public static void stopDatabase() {
        if (database != null) {
            database.stop();
        }
    }

    @Test
    public void mailboxesAliasesAndLoginsComeFromTheDatabaseAndItsOutageDefers() throws Exception {
        smtp.ctl("feature:install", "tessera-example-sql-directory");
        awaitPlugin("UserDirectory");
        awaitPlugin("PasswordChecker");
        assertFalse("installing the plugin's feature stopped no bundle", smtp.karafLog().contains("Stopping bundles"));

        send("joe@example.org", "to joe");
        assertEquals(List.of("success: did_1+0+0/"), smtp.deliveryOutcomes("example.org-joe@example.org", 1));
        List<Path> delivered = SmtpHome.holding(joe.resolve("Maildir"), "to joe");
        assertEquals(1, delivered.size());
        assertEquals(UID, Files.getAttribute(delivered.get(0), "unix:uid"));

        send("Info@example.org", "via the alias");
        String forwarded = smtp.deliveryOutcomes("example.org-Info@example.org", 1).get(0);
        assertTrue(forwarded, forwarded.startsWith("success: did_0+1+0/qp_"));
        assertEquals("&joe@example.org\n", Files.readString(smtp.commands.home.resolve("valias/.qmail-info@example:org")));
        assertEquals(2, smtp.deliveryOutcomes("example.org-joe@example.org", 2).size());
        assertEquals(1, SmtpHome.holding(joe.resolve("Maildir"), "via the alias").size());

        Thread.sleep(1100); // qmail-pop3d leaves out what arrived in the current second
        try (Pop3Connection pop3 = new Pop3Connection(smtp.commands.pop3Port)) {
            assertTrue(pop3.send("USER joe@example.org").startsWith("+OK"));
            assertTrue(pop3.send("PASS wrong").startsWith("-ERR"));
        }
        try (Pop3Connection pop3 = new Pop3Connection(smtp.commands.pop3Port)) {
            assertTrue(pop3.send("USER joe@example.org").startsWith("+OK"));
            assertTrue(pop3.send("PASS joe-secret").startsWith("+OK"));
            assertEquals("+OK 2 ", pop3.send("STAT").substring(0, 6));
        }

        database.stop();
        send("joe@example.org", "while the database is down");
        String deferral = smtp.deliveryOutcomes("example.org-joe@example.org", 3).get(2);
        assertTrue(deferral, deferral.startsWith("deferral: SQL_user_database_unavailable:"));
        smtp.queuedTo("example.org-joe@example.org");
        try (Pop3Connection pop3 = new Pop3Connection(smtp.commands.pop3Port)) {
            assertTrue(pop3.send("USER joe@example.org").startsWith("+OK"));
            assertTrue(pop3.send("PASS joe-secret").startsWith("-ERR"));
        }

        database = startDatabase();
        smtp.ctl("doqueue");
        List<String> outcomes = smtp.deliveryOutcomes("example.org-joe@example.org", 4);
        assertEquals("success: did_1+0+0/", outcomes.get(outcomes.size() - 1));
        assertEquals(1, SmtpHome.holding(joe.resolve("Maildir"), "while the database is down").size());

        // The driver leaves: the directory stays and defers its domain's mail; other domains never ask it.
        smtp.ctl("bundle:stop", "com.h2database");
        send("joe@example.org", "while the driver is stopped");
        assertEquals("deferral: SQL_user_database_not_available_(#4.3.0)/",
                smtp.deliveryOutcomes("example.org-joe@example.org", 5).get(4));
        send("postmaster@example.com", "to the alias user");
        assertEquals(List.of("success: did_1+0+0/"), smtp.deliveryOutcomes("postmaster@example.com", 1));
        smtp.ctl("bundle:start", "com.h2database");
        smtp.ctl("doqueue");
        assertEquals("success: did_1+0+0/", smtp.deliveryOutcomes("example.org-joe@example.org", 6).get(5));
        assertEquals(1, SmtpHome.holding(joe.resolve("Maildir"), "while the driver is stopped").size());
    }

    private static void send(String recipient, String subject) throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("monitor@example.com", List.of(recipient), "Subject: " + subject + "\r\n\r\nx\r\n"));
        }
    }

    private static Server startDatabase() throws SQLException {
        return Server.createTcpServer("-tcpPort", Integer.toString(DATABASE_PORT), "-baseDir", DATABASE.toString(), "-ifNotExists")
                .start();
    }

    private static int freePort() {
        try {
            return TestHome.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitPlugin(String type) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result listed;
        do {
            listed = smtp.commands.tessera(60, "ctl", "plugins", type);
            if (listed.out().contains("org.tessera.example.sql-directory")) {
                return;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("the SQL " + type + " within 60 s: " + listed);
    }
}

package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.tessera.example.ldap.internal.Slapd;

/**
 * The SDK's LDAP example through the whole server (issue 15): a real OpenLDAP slapd holds qmail-ldap entries,
 * the example's feature is installed into the running server (refreshing nothing: an SMTP session open across
 * it goes on), and then mail over SMTP to an LDAP user and to its alias lands in the Maildir of the home the
 * entry names, as the entry's uid; mail to a forwarding entry is forwarded (to postmaster, whose alias user has
 * it); POP3 lets the user in with the LDAP password and lists the mail, and refuses a wrong one; with slapd
 * stopped, mail to the user is deferred, never bounced, and delivered once slapd is back.
 */
public class LdapDirectoryIT {

    // nobody, on every Debian system: the LDAP user's deliveries and POP3 session run as it.
    private static final long NOBODY = 65534;
    private static final String PASSWORD = "joe-ldap-secret";
    private static final Path USERS = Path.of("target", "ldap-users").toAbsolutePath();
    private static final Path JOE = USERS.resolve("joe");

    private static final Slapd slapd = prepareSlapd();

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("ldap-home", Map.of(), true)
            .etc("org.tessera.example.ldap.cfg", "urls = " + slapd.url() + "\n"
                    + "baseDn = ou=people," + Slapd.SUFFIX + "\n"
                    + "bindDn = " + Slapd.SEARCHER + "\n"
                    + ".bindPassword = " + Slapd.SEARCHER_PASSWORD + "\n"
                    + "connectTimeoutMillis = 2000\n"
                    + "searchTimeoutMillis = 3000\n");

    @BeforeClass
    public static void startSlapd() throws Exception {
        assumeTrue("the LDAP user's identity needs root", "root".equals(System.getProperty("user.name")));
        boolean present = Slapd.available();
        if (!present && Boolean.getBoolean("tessera.requireTools")) {
            throw new AssertionError("slapd and ldapmodify are missing (apt-get install slapd ldap-utils) and tessera.requireTools=true");
        }
        assumeTrue("slapd and ldap-utils", present);
        Files.createDirectories(TestHome.fresh("ldap-users"));
        Files.setPosixFilePermissions(USERS, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String sub : List.of("", "/Maildir", "/Maildir/new", "/Maildir/cur", "/Maildir/tmp")) {
            Path dir = Files.createDirectories(Path.of(JOE + sub));
            Files.setAttribute(dir, "unix:uid", (int) NOBODY);
            Files.setAttribute(dir, "unix:gid", (int) NOBODY);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(sub.isEmpty() ? "rwxr-xr-x" : "rwx------"));
        }
        slapd.start();
        String people = "ou=people," + Slapd.SUFFIX;
        slapd.load("dn: uid=joe," + people + "\nobjectClass: inetOrgPerson\nobjectClass: qmailUser\nuid: joe\ncn: Joe\nsn: Bloggs\n"
                + "mail: joe@example.com\nmailAlternateAddress: joseph@example.com\nmailMessageStore: " + JOE + "\n"
                + "qmailUID: " + NOBODY + "\nqmailGID: " + NOBODY + "\n"
                // slappasswd -h {SSHA} -s joe-ldap-secret
                + "userPassword: {SSHA}ET0VT7MoXcmBY8B81xqOlzcG2M63pHSQ\n\n"
                + "dn: cn=team," + people + "\nobjectClass: inetOrgPerson\nobjectClass: qmailUser\ncn: team\nsn: Team\n"
                + "mail: team@example.com\nmailForwardingAddress: postmaster@example.com\n");
    }

    private static Slapd prepareSlapd() {
        try {
            return Slapd.prepare(TestHome.fresh("ldap-slapd"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterClass
    public static void stopSlapd() throws Exception {
        slapd.stop();
    }

    @Test
    public void usersAliasesForwardsAndPasswordsComeFromLdapAndAnLdapThatIsDownDefers() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            smtp.ctl("feature:install", "tessera-example-ldap-directory");
            await("the LDAP directory and checker", () -> plugins("UserDirectory") && plugins("PasswordChecker"));
            SmtpHome.assertQueued(c.transaction("sender@example.org", List.of("joe@example.com"), "Subject: to joe\r\n\r\nhi\r\n"));
        }
        assertFalse("installing the plugin's feature stopped no bundle", smtp.karafLog().contains("Stopping bundles"));
        String stat = smtp.ctl("stat").out();
        assertTrue(stat, stat.matches("(?s).*all \\d+ bundles and \\d+ components active.*"));
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.org", List.of("joseph@example.com"), "Subject: to joseph\r\n\r\nhi\r\n"));
            SmtpHome.assertQueued(c.transaction("sender@example.org", List.of("team@example.com"), "Subject: to the team\r\n\r\nhi\r\n"));
        }
        Path maildir = JOE.resolve("Maildir");
        await("both messages in joe's Maildir", () -> holding(maildir, "to joe") == 1 && holding(maildir, "to joseph") == 1);
        try (var files = Files.list(maildir.resolve("new"))) {
            for (Path file : files.toList()) {
                assertEquals("delivered as the entry's uid", (int) NOBODY, Files.getAttribute(file, "unix:uid"));
            }
        }
        Path alias = smtp.commands.home.resolve("alias/Maildir");
        await("the team's mail forwarded to postmaster", () -> holding(alias, "to the team") == 1);
        String forwarding = Files.readString(smtp.commands.home.resolve("ldap-forwarding/.qmail-team=example:com"));
        assertEquals("&postmaster@example.com\n", forwarding);

        // qmail-pop3d lists only messages older than the second it scans in: these may be of this one.
        Thread.sleep(1_100);
        List<String> session = pop3("USER joe", "PASS " + PASSWORD, "STAT", "QUIT");
        assertEquals(session.toString(), "+OK ", session.get(2));
        assertTrue(session.toString(), session.get(3).startsWith("+OK 2 "));
        List<String> refused = pop3("USER joe", "PASS wrong-secret", "QUIT");
        assertTrue(refused.toString(), refused.get(2).startsWith("-ERR "));

        slapd.stop();
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("sender@example.org", List.of("joe@example.com"), "Subject: while down\r\n\r\nhi\r\n"));
        }
        List<String> outcomes = smtp.deliveryOutcomes("joe@example.com", 2);
        assertTrue(outcomes.toString(), outcomes.get(0).startsWith("success: "));
        assertTrue(outcomes.toString(), outcomes.get(1).startsWith("deferral: LDAP_search_failed"));
        smtp.queuedTo("joe@example.com");
        assertFalse("no bounce", smtp.mailLog().contains(" bounce msg "));

        slapd.start();
        smtp.ctl("doqueue");
        await("the deferred message delivered once slapd is back", () -> holding(maildir, "while down") == 1);
    }

    private static boolean plugins(String service) {
        try {
            return smtp.commands.tessera(60, "ctl", "plugins", service).out().contains("org.tessera.example.ldap-directory");
        } catch (Exception e) {
            return false;
        }
    }

    private static int holding(Path maildir, String subject) {
        try {
            return SmtpHome.holding(maildir, subject).size();
        } catch (IOException e) {
            return 0;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + " within 60 s; mail log:\n" + smtp.mailLog());
            }
            Thread.sleep(300);
        }
    }

    /** A POP3 session: the greeting, then one answer line for each command. */
    private static List<String> pop3(String... commands) throws IOException {
        try (Pop3Connection pop3 = new Pop3Connection(smtp.commands.pop3Port)) {
            List<String> answers = new ArrayList<>(List.of(pop3.greeting()));
            for (String command : commands) {
                answers.add(pop3.send(command));
            }
            return answers;
        }
    }
}

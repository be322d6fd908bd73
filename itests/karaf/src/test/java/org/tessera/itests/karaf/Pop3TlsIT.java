package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * The POP3 modern profile and POP3S in the distribution, with real clients: Python's poplib (POP3_SSL on
 * the POP3S listener, STLS on the port-1110 listener made modern by its etc/ file), openssl s_client
 * (implicit TLS and {@code -starttls pop3}), fetchmail over each, a client that pipelines USER after STLS,
 * AUTH PLAIN and LOGIN with their refusals, the login throttle's lockout (etc/org.tessera.login.cfg with
 * small limits) and the mail log. Every client trusts only the certificate the server made for
 * control/me at its first start, and checks that name.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class Pop3TlsIT {

    private static final Path USERS = Path.of("target", "pop3-tls-users").toAbsolutePath();
    private static final Path TIM = USERS.resolve("tim");
    private static final Path CLIENT = Path.of("src/test/resources/pop3/pop3_tls_client.py").toAbsolutePath();
    // As root (CI) the Maildirs are nobody's, and the server touches them only as nobody.
    private static final long UID = currentUid() == 0 ? 65534 : currentUid();
    private static final String DELAY_MILLIS = "100";
    private static final String CAPA_IN_TLS = "CAPA OK AUTH-RESP-CODE IMPLEMENTATION=Tessera PIPELINING RESP-CODES"
            + " SASL=PLAIN,LOGIN TOP UIDL USER";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("pop3-tls-home", Map.of(), false)
            .etc("org.tessera.pop3-main.cfg", "name = pop3\nport = ${tessera.pop3.port}\nbind = ${tessera.bind}\nmodern = true\n")
            .etc("org.tessera.login.cfg", "failureDelayMillis = " + DELAY_MILLIS + "\nmaxFailureDelaySeconds = 1\n"
                    + "failuresPerUser = 3\nfailuresPerAddress = 0\nlockoutSeconds = 900\n")
            .etc("passwd.tessera", "tim:{PLAIN}tim-secret:" + UID + ":" + UID + "::" + TIM + "::\n"
                    + "lock:{PLAIN}lock-secret:" + UID + ":" + UID + "::" + TIM + "::\n");

    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeClass
    public static void account() throws Exception {
        SmtpIT.requireTool("python3");
        Files.createDirectories(TestHome.fresh("pop3-tls-users"));
        Files.setPosixFilePermissions(USERS, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (String sub : List.of("", "/Maildir", "/Maildir/new", "/Maildir/cur", "/Maildir/tmp")) {
            Path dir = Files.createDirectories(Path.of(TIM + sub));
            own(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(sub.isEmpty() ? "rwxr-xr-x" : "rwx------"));
        }
    }

    private static void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) UID);
        Files.setAttribute(path, "unix:gid", (int) UID);
    }

    /** Tim's only message, in new/, a minute old (qmail-pop3d leaves out what arrived this second). */
    private static void onlyMessage(String subject) throws IOException {
        for (String sub : List.of("new", "cur")) {
            for (String name : files(TIM.resolve("Maildir").resolve(sub))) {
                Files.delete(TIM.resolve("Maildir").resolve(sub).resolve(name));
            }
        }
        Path file = Files.writeString(TIM.resolve("Maildir/new/" + subject.replace(' ', '-') + ".host"),
                "Subject: " + subject + "\n\nbody of " + subject + "\n");
        own(file);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Path certificate() {
        return smtp.commands.home.resolve("etc/tls/tessera.crt");
    }

    /** The Python client's lines for one scenario; it must exit 0. */
    private static List<String> python(String scenario, int port, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", CLIENT.toString(), scenario, Integer.toString(port),
                certificate().toString()));
        command.addAll(List.of(more));
        Result r = smtp.commands.run(30, command, null);
        assertEquals(r.toString(), 0, r.exit());
        return r.out().lines().toList();
    }

    /** What openssl s_client printed for CAPA and QUIT, the certificate checked against control/me. */
    private static String openssl(int port, String... more) throws Exception {
        SmtpIT.requireTool("openssl");
        Path input = Files.writeString(USERS.resolve("s_client.txt"), "CAPA\nQUIT\n");
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", certificate().toString(), "-verify_hostname", SmtpHome.ME, "-verify_return_error",
                "-quiet", "-crlf"));
        command.addAll(List.of(more));
        Result r = smtp.commands.run(30, command, input);
        assertEquals(r.toString(), 0, r.exit());
        return r.out();
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void test01_pop3sWithPoplibAndOpenssl() throws Exception {
        onlyMessage("over pop3s");
        List<String> out = python("pop3s", smtp.commands.pop3sPort, "tim", "tim-secret");
        assertTrue(out.toString(), out.get(0).matches("GREETING \\+OK <\\d+\\.\\d+@mx\\.tessera\\.test>"));
        assertEquals(List.of(CAPA_IN_TLS, "STLS ERR -ERR TLS already active", "USER OK +OK ", "PASS OK +OK ",
                "STAT OK 1|40", "RETR OK Subject: over pop3s||body of over pop3s|", "QUIT OK +OK "), out.subList(1, 8));

        String implicit = openssl(smtp.commands.pop3sPort);
        assertTrue(implicit, implicit.contains("+OK <") && implicit.contains("\nSASL PLAIN LOGIN\r\n")
                && implicit.contains("\nIMPLEMENTATION Tessera\r\n") && !implicit.contains("\nSTLS\r\n"));
    }

    @Test
    public void test02_stlsOnTheModernPortWithPoplibAndOpenssl() throws Exception {
        onlyMessage("after stls");
        List<String> out = python("stls", smtp.commands.pop3Port, "tim", "tim-secret");
        assertTrue(out.toString(), out.get(0).startsWith("GREETING +OK <"));
        // In clear: STLS offered, and no login taken.
        assertEquals(List.of("CAPA OK AUTH-RESP-CODE IMPLEMENTATION=Tessera PIPELINING RESP-CODES STLS TOP UIDL",
                "USER ERR -ERR [AUTH] plaintext authentication needs TLS: send STLS first",
                "STLS OK +OK Begin TLS negotiation"), out.subList(1, 4));
        assertTrue(out.get(4), out.get(4).matches("CIPHER TLSv1\\.[23]"));
        assertEquals(List.of(CAPA_IN_TLS, "USER OK +OK ", "PASS OK +OK ", "STAT OK 1|40", "QUIT OK +OK "), out.subList(5, 10));

        String starttls = openssl(smtp.commands.pop3Port, "-starttls", "pop3");
        assertTrue("the login capabilities are offered only in TLS: " + starttls,
                starttls.contains("\nSASL PLAIN LOGIN\r\n") && starttls.contains("\nUSER\r\n") && !starttls.contains("\nSTLS\r\n"));
    }

    @Test
    public void test03_whatIsPipelinedAfterStlsIsNeverAnsweredInsideTls() throws Exception {
        List<String> out = python("pipelined", smtp.commands.pop3Port);
        assertEquals(List.of("STLS +OK Begin TLS negotiation", "PASS -ERR USER first", "NOOP +OK "), out.subList(1, 4));
    }

    @Test
    public void test04_authPlainAndLoginAndTheirRefusals() throws Exception {
        onlyMessage("by auth");
        List<String> out = python("auth", smtp.commands.pop3sPort, "tim", "tim-secret");
        assertEquals(List.of("AUTH OK PLAIN|LOGIN",
                "BAD ERR -ERR cannot decode the response",
                "PLAIN OK + ",
                "CANCEL ERR -ERR authentication cancelled",
                "OTHER ERR -ERR [AUTH] authorization identity must be the user's own",
                "WRONG ERR -ERR [AUTH] authentication failed",
                "LOGIN OK + " + b64("Username:"),
                "LOGIN_USER OK + " + b64("Password:"),
                "LOGIN_PASS OK +OK ",
                "STAT OK 1|34",
                "QUIT OK +OK ",
                "PLAIN_INITIAL OK +OK ",
                "QUIT OK +OK "), out);
    }

    @Test
    public void test05_fetchmailOverPop3sAndOverStls() throws Exception {
        SmtpIT.requireTool("fetchmail");
        String fingerprint = md5Fingerprint(certificate());
        fetchmail("pop3s", smtp.commands.pop3sPort, "ssl sslfingerprint \"" + fingerprint + "\"");
        String verbose = fetchmail("stls", smtp.commands.pop3Port, "sslproto tls1.2+ sslfingerprint \"" + fingerprint + "\"");
        assertTrue(verbose, verbose.contains("POP3> STLS"));
    }

    // fetchmail's sslfingerprint: the MD5 of the certificate, as openssl x509 -md5 -fingerprint prints it.
    private static String md5Fingerprint(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            byte[] der = CertificateFactory.getInstance("X.509").generateCertificate(in).getEncoded();
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(MessageDigest.getInstance("MD5").digest(der));
        }
    }

    /** One fetchmail run retrieving tim's only message into a Maildir of its own and deleting it; its output. */
    private static String fetchmail(String name, int port, String tls) throws Exception {
        onlyMessage("fetched over " + name);
        Path target = USERS.resolve("fetched-" + name);
        for (String sub : List.of("new", "cur", "tmp")) {
            Files.createDirectories(target.resolve(sub));
        }
        Path deliver = Files.writeString(USERS.resolve("deliver-" + name + ".sh"),
                "#!/bin/sh\nf=$(mktemp " + target + "/tmp/m.XXXXXX) && cat > \"$f\" && mv \"$f\" " + target + "/new/\n");
        Files.setPosixFilePermissions(deliver, PosixFilePermissions.fromString("rwx------"));
        // A certificate no public authority signed: its fingerprint is checked instead (no sslcertck).
        Path rc = Files.writeString(USERS.resolve("fetchmailrc-" + name), "set no bouncemail\n"
                + "poll 127.0.0.1 with proto pop3 port " + port + " auth password\n"
                + "  user \"tim\" there with password \"tim-secret\" is root here\n"
                + "  " + tls + " no sslcertck nokeep fetchall no rewrite mda \"" + deliver + "\"\n");
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        Result r = smtp.commands.run(30, List.of("fetchmail", "--nosyslog", "-v", "-f", rc.toString(),
                "--pidfile", USERS.resolve("fetchmail.pid").toString()), null);
        assertEquals(r.toString(), 0, r.exit());
        List<String> fetched = files(target.resolve("new"));
        assertEquals(r.toString(), 1, fetched.size());
        assertTrue(Files.readString(target.resolve("new").resolve(fetched.get(0))).contains("Subject: fetched over " + name));
        assertEquals("deleted on the server", List.of(), files(TIM.resolve("Maildir/new")));
        assertEquals(List.of(), files(TIM.resolve("Maildir/cur")));
        return r.out();
    }

    @Test
    public void test06_aUserIsLockedOutAfterTheConfiguredFailures() throws Exception {
        List<String> out = python("lockout", smtp.commands.pop3sPort, "lock", "lock-secret");
        long delay = Long.parseLong(DELAY_MILLIS);
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals("FAIL" + attempt + " ERR -ERR [AUTH] authentication failed", out.get(2 * attempt - 2));
            long waited = Long.parseLong(out.get(2 * attempt - 1).substring("WAITEDn ".length()));
            assertTrue("failure " + attempt + " answered after " + waited + " ms", waited >= delay << (attempt - 1));
        }
        assertEquals(List.of("USER OK +OK ", "LOCKED ERR -ERR [SYS/TEMP] too many failed logins; try again later",
                "NOOP OK +OK ", "QUIT OK +OK "), out.subList(6, 10));
    }

    @Test
    public void test07_theMailLogHasOneLinePerLoginAndNoSecret() throws Exception {
        String log = Files.readString(smtp.commands.home.resolve("log/current"));
        for (String line : List.of("pop3s: login ok tim from 127.0.0.1 mechanism USER\n",
                "pop3: login ok tim from 127.0.0.1 mechanism USER\n",
                "pop3s: login ok tim from 127.0.0.1 mechanism LOGIN\n",
                "pop3s: login ok tim from 127.0.0.1 mechanism PLAIN\n",
                "pop3s: login failed tim from 127.0.0.1 mechanism PLAIN: rejected\n",
                "pop3s: login failed lock from 127.0.0.1 mechanism USER: rejected\n",
                "pop3s: login failed lock from 127.0.0.1 mechanism USER: too many failures: refused for now\n")) {
            assertTrue(line + log, log.contains(" " + line));
        }
        assertFalse("the USER pipelined after STLS never reached a login: " + log, log.contains(" joe from "));
        for (String secret : List.of("tim-secret", "lock-secret", b64("\0tim\0tim-secret"), b64("tim-secret"))) {
            assertFalse("no password in the log: " + secret, log.contains(secret));
        }
    }
}

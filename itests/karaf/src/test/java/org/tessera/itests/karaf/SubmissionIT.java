package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * Authenticated submission in the assembled distribution, with the clients users run: swaks (STARTTLS
 * and implicit TLS, AUTH PLAIN and LOGIN; good, bad and unknown users), Python's smtplib
 * ({@code starttls()}, {@code login()}), {@code openssl s_client} ({@code -starttls smtp} and implicit
 * TLS); the self-signed certificate of the first start; the mail log's login lines; a stopped password
 * checker (454, never a relay); the throttle's lockout; and a certificate renewed on disk while a
 * session is open. The protocol's corner cases (STARTTLS injection, the AUTH exchange's errors) are
 * SmtpTlsTest's, on the listener below the distribution.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SubmissionIT {

    private static final String ME = SmtpHome.ME;
    private static final String PASSWORD = "joes-secret";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("submission-home",
            Map.of("smtproutes", "remote.test:127.0.0.1:9\n"), true)
            .etc("passwd.tessera", "joe:{PLAIN}" + PASSWORD + "::::::\nlocked:{PLAIN}right::::::\n")
            .etc("org.tessera.login.cfg", "failureDelayMillis = 100\nmaxFailureDelaySeconds = 1\nfailuresPerUser = 3\n"
                    + "failuresPerAddress = 50\n");

    private Result swaks(String... arguments) throws Exception {
        SmtpIT.requireTool("swaks");
        List<String> command = new ArrayList<>(List.of("swaks", "--helo", "client.test", "--timeout", "30"));
        command.addAll(List.of(arguments));
        return smtp.commands.run(120, command, null);
    }

    private Result swaksAuth(String mechanism, String user, String password, String to) throws Exception {
        return swaks("--server", "127.0.0.1:" + smtp.commands.submissionPort, "--tls", "--auth", mechanism,
                "--auth-user", user, "--auth-password", password, "--from", "joe@" + ME, "--to", to);
    }

    private List<String> delivered() throws Exception {
        Path maildir = smtp.commands.home.resolve("alias/Maildir/new");
        if (!Files.isDirectory(maildir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(maildir)) {
            List<String> messages = new ArrayList<>();
            for (Path file : files.toList()) {
                messages.add(Files.readString(file));
            }
            return messages;
        }
    }

    private String awaitDelivered(String marker) throws Exception {
        for (int i = 0; i < 300; i++) {
            for (String message : delivered()) {
                if (message.contains(marker)) {
                    return message;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no message with " + marker + " in alias/Maildir/new: " + delivered());
    }

    private String mailLog() throws Exception {
        return Files.readString(smtp.commands.home.resolve("log/current"));
    }

    @Test
    public void a_swaksWithStartTlsAndAuthPlainAndLogin() throws Exception {
        for (String mechanism : List.of("PLAIN", "LOGIN")) {
            Result r = swaks("--server", "127.0.0.1:" + smtp.commands.submissionPort, "--tls", "--auth", mechanism,
                    "--auth-user", "joe", "--auth-password", PASSWORD, "--from", "joe@" + ME,
                    "--to", "postmaster@" + ME, "--header", "Subject: swaks " + mechanism);
            assertEquals(r.toString(), 0, r.exit());
            assertTrue(r.out(), r.out().contains("235 2.7.0 authentication successful"));
            String message = awaitDelivered("Subject: swaks " + mechanism);
            // qmail-tls's cipher in the protocol, and qmail-smtpd-auth's user where TCPREMOTEINFO goes.
            assertTrue(message, message.matches("(?s).*Received: from unknown \\(HELO client\\.test\\) \\(joe@127\\.0\\.0\\.1\\)\n"
                    + "  by " + ME.replace(".", "\\.") + " with \\(TLS_[A-Z0-9_]+ encrypted\\) SMTP; .*"));
        }
        String log = mailLog();
        assertTrue(log, log.contains("submission: login ok joe from 127.0.0.1 mechanism PLAIN"));
        assertTrue(log, log.contains("submission: login ok joe from 127.0.0.1 mechanism LOGIN"));
        assertFalse(log, log.contains(PASSWORD));
    }

    @Test
    public void b_badPasswordsAndUnknownUsersAre535() throws Exception {
        for (String[] login : List.of(new String[] {"joe", "wrong"}, new String[] {"nobody", PASSWORD})) {
            Result r = swaksAuth("PLAIN", login[0], login[1], "postmaster@" + ME);
            assertNotEquals(r.toString(), 0, r.exit());
            assertTrue(r.out(), r.out().contains("535 5.7.8 authentication credentials invalid"));
        }
        String log = mailLog();
        assertTrue(log, log.contains("submission: login failed nobody from 127.0.0.1 mechanism PLAIN: rejected"));
    }

    @Test
    public void c_smtplibStartTlsLoginAndRelay() throws Exception {
        SmtpIT.requireTool("python3");
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.test', timeout=30)",
                "s.ehlo()",
                "print('before', sorted(s.esmtp_features))",
                "context = ssl.create_default_context(cafile=sys.argv[2])",
                "context.check_hostname = False",
                "s.starttls(context=context)",
                "s.ehlo()",
                "print('after', sorted(s.esmtp_features))",
                "print('login', s.login('joe', sys.argv[3]))",
                "print('refused', s.sendmail('joe@" + ME + "', ['someone@remote.test'], 'Subject: relayed\\r\\n\\r\\nhi\\r\\n'))",
                "s.quit()",
                "");
        Path file = Files.writeString(smtp.commands.home.resolve("submit.py"), script);
        Result r = smtp.commands.run(60, List.of("python3", file.toString(), Integer.toString(smtp.commands.submissionPort),
                smtp.commands.home.resolve("etc/tls/tessera.crt").toString(), PASSWORD), null);
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("before ['8bitmime', 'pipelining', 'starttls']"));
        assertTrue(r.out(), r.out().contains("after ['8bitmime', 'auth', 'pipelining']"));
        assertTrue(r.out(), r.out().contains("login (235, b'2.7.0 authentication successful')"));
        assertTrue(r.out(), r.out().contains("refused {}"));
        // Relayed: the message is in the queue for the remote domain (whose route refuses, so it waits there).
        QueueListing.awaitRecipient(smtp.commands, "someone@remote.test");
    }

    @Test
    public void d_opensslSeesTheSelfSignedCertificateForMeOnBothPorts() throws Exception {
        SmtpIT.requireTool("openssl");
        Path input = Files.writeString(smtp.commands.home.resolve("openssl-in.txt"), "EHLO client.test\nQUIT\n");
        Result starttls = smtp.commands.run(60, List.of("openssl", "s_client", "-starttls", "smtp", "-connect",
                "127.0.0.1:" + smtp.commands.submissionPort, "-crlf", "-ign_eof"), input);
        assertTrue(starttls.out(), starttls.out().contains("subject=CN = " + ME));
        assertTrue(starttls.out(), starttls.out().contains("250 AUTH=LOGIN PLAIN"));
        Result implicit = smtp.commands.run(60, List.of("openssl", "s_client", "-connect",
                "127.0.0.1:" + smtp.commands.submissionsPort, "-crlf", "-ign_eof"), input);
        assertTrue(implicit.out(), implicit.out().contains("220 " + ME + " ESMTP"));
        assertTrue(implicit.out(), implicit.out().contains("250-AUTH LOGIN PLAIN"));
        assertTrue(implicit.out(), implicit.out().matches("(?s).*Protocol *: TLSv1\\.3.*"));
        Result swaks = swaks("--server", "127.0.0.1:" + smtp.commands.submissionsPort, "--tlsc", "--auth", "LOGIN",
                "--auth-user", "joe", "--auth-password", PASSWORD, "--from", "joe@" + ME, "--to", "postmaster@" + ME,
                "--header", "Subject: implicit");
        assertEquals(swaks.toString(), 0, swaks.exit());
        awaitDelivered("Subject: implicit");
    }

    @Test
    public void e_nothingWithoutAuthOnTheSubmissionPorts() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(smtp.commands.submissionPort)) {
            assertEquals("250-" + ME + "\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 STARTTLS\r\n", c.command("EHLO client.test"));
            assertEquals("538 5.7.11 encryption required for requested authentication mechanism\r\n",
                    c.command("AUTH PLAIN AGpvZQBqb2VzLXNlY3JldA=="));
            assertEquals("530 5.7.0 authentication required\r\n", c.command("MAIL FROM:<joe@" + ME + ">"));
            assertEquals("503 MAIL first (#5.5.1)\r\n", c.command("RCPT TO:<postmaster@" + ME + ">"));
        }
        // The port-25 listener stays qmail's.
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            assertEquals("250-" + ME + "\r\n250-PIPELINING\r\n250 8BITMIME\r\n", c.command("EHLO client.test"));
        }
    }

    @Test
    public void f_aStoppedCheckerIsATemporaryFailureNeverARelay() throws Exception {
        smtp.ctl("bundle:stop", "org.tessera.checkpassword.file");
        smtp.ctl("bundle:stop", "org.tessera.checkpassword.exec");
        try {
            Result r = swaksAuth("PLAIN", "joe", PASSWORD, "someone@remote.test");
            assertNotEquals(r.toString(), 0, r.exit());
            assertTrue(r.out(), r.out().contains("454 4.7.0 temporary authentication failure"));
        } finally {
            smtp.ctl("bundle:start", "org.tessera.checkpassword.exec");
            smtp.ctl("bundle:start", "org.tessera.checkpassword.file");
        }
        assertTrue(mailLog().contains("submission: login failed joe from 127.0.0.1 mechanism PLAIN: no password checker is running"));
    }

    @Test
    public void g_guessingLocksTheUserOutEvenWithTheRightPassword() throws Exception {
        for (int i = 0; i < 3; i++) {
            Result r = swaksAuth("LOGIN", "locked", "guess" + i, "postmaster@" + ME);
            assertTrue(r.out(), r.out().contains("535 5.7.8"));
        }
        Result r = swaksAuth("LOGIN", "locked", "right", "postmaster@" + ME);
        assertTrue(r.out(), r.out().contains("454 4.7.0 too many failed logins; try again later"));
        assertTrue(mailLog().contains("submission: login failed locked from 127.0.0.1 mechanism LOGIN: too many failures"));
        // Another user from the same address is not locked out.
        assertEquals(0, swaksAuth("PLAIN", "joe", PASSWORD, "postmaster@" + ME).exit());
    }

    @Test
    public void h_aCertificateRenewedOnDiskServesTheNextHandshakeAndTheOpenSessionGoesOn() throws Exception {
        SmtpIT.requireTool("openssl");
        SmtpIT.requireTool("python3");
        // A session in TLS, held open across the renewal by a client that waits for a line on its input.
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), local_hostname='client.test', timeout=30)",
                "context = ssl.create_default_context(cafile=sys.argv[2])",
                "context.check_hostname = False",
                "s.starttls(context=context)",
                "print('secured', flush=True)",
                "open(sys.argv[4], 'w').close()",
                "import time",
                "for _ in range(600):",
                "    time.sleep(0.1)",
                "    try:",
                "        open(sys.argv[5]).close()",
                "        break",
                "    except OSError:",
                "        pass",
                "print('login', s.login('joe', sys.argv[3]))",
                "s.sendmail('joe@" + ME + "', ['postmaster@" + ME + "'], 'Subject: across the renewal\\r\\n\\r\\nhi\\r\\n')",
                "s.quit()",
                "");
        Path home = smtp.commands.home;
        Path file = Files.writeString(home.resolve("held.py"), script);
        Path secured = home.resolve("held-secured");
        Path renewed = home.resolve("held-renewed");
        Path original = Files.copy(home.resolve("etc/tls/tessera.crt"), home.resolve("original.crt"),
                StandardCopyOption.REPLACE_EXISTING);
        Process held = new ProcessBuilder("python3", file.toString(), Integer.toString(smtp.commands.submissionPort),
                original.toString(), PASSWORD, secured.toString(), renewed.toString()).redirectErrorStream(true)
                .redirectOutput(home.resolve("held.out").toFile()).start();
        try {
            for (int i = 0; i < 300 && !Files.exists(secured); i++) {
                Thread.sleep(100);
            }
            assertTrue(Files.readString(home.resolve("held.out")), Files.exists(secured));
            // certbot's way: a new key and certificate written in place.
            smtp.commands.run(60, List.of("openssl", "req", "-new", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", home.resolve("etc/tls/new.key").toString(), "-out", home.resolve("etc/tls/new.crt").toString(),
                    "-subj", "/CN=renewed.tessera.test", "-days", "30"), null);
            Files.move(home.resolve("etc/tls/new.key"), home.resolve("etc/tls/tessera.key"), StandardCopyOption.REPLACE_EXISTING);
            Files.move(home.resolve("etc/tls/new.crt"), home.resolve("etc/tls/tessera.crt"), StandardCopyOption.REPLACE_EXISTING);
            Thread.sleep(1500);
            Path input = Files.writeString(home.resolve("openssl-in.txt"), "QUIT\n");
            Result next = smtp.commands.run(60, List.of("openssl", "s_client", "-starttls", "smtp", "-connect",
                    "127.0.0.1:" + smtp.commands.submissionPort, "-crlf", "-ign_eof"), input);
            assertTrue(next.out(), next.out().contains("subject=CN = renewed.tessera.test"));
            Files.writeString(renewed, "");
            assertTrue(held.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
            String out = Files.readString(home.resolve("held.out"));
            assertEquals(out, 0, held.exitValue());
            assertTrue(out, out.contains("login (235"));
        } finally {
            held.destroyForcibly();
        }
        awaitDelivered("Subject: across the renewal");
    }
}

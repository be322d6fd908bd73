package org.tessera.itests.karaf;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * The injection tools in the distribution (issue 13): {@code bin/qmail-inject}, {@code bin/sendmail}
 * (also as {@code mailq} and {@code newaliases}) and {@code bin/qmail-qmqpc} queueing by QMQP into the
 * running server, header and argument recipients delivered with Bcc hidden, the sender and name
 * flags, the queue listing, qmail's refusals, a {@code /usr/sbin/sendmail}-style link run by an
 * unprivileged user from elsewhere without TESSERA_HOME, mutt and PHP's {@code mail()} through our
 * sendmail, {@code sendmail -bs} (swaks over it, and a piped dialogue), qmail-pw2u and qmail-newu, and
 * the server down.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class InjectIT {

    private static final long NOBODY = 65534;
    private static final long MAIL = 8;

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("inject-home", Map.of(), true);

    private static final AtomicInteger subjects = new AtomicInteger();
    private static Path joe;
    private static Path ann;

    @BeforeClass
    public static void users() throws Exception {
        assumeTrue("deliveries run as the users: root", "root".equals(System.getProperty("user.name")));
        Path users = Files.createDirectories(TestHome.fresh("inject-users"));
        Files.setPosixFilePermissions(users, PosixFilePermissions.fromString("rwxr-xr-x"));
        joe = home(users, "joe", NOBODY);
        ann = home(users, "ann", MAIL);
        Files.writeString(smtp.commands.home.resolve("users/assign"),
                "=joe:joe:" + NOBODY + ":" + NOBODY + ":" + joe + ":::\n"
                + "=ann:ann:" + MAIL + ":" + MAIL + ":" + ann + ":::\n.\n");
        Result newu = smtp.commands.run(60, List.of(smtp.commands.bin("qmail-newu")), null);
        assertEquals(newu.toString(), 0, newu.exit());
    }

    private static Path home(Path users, String name, long uid) throws IOException {
        Path home = Files.createDirectories(users.resolve(name));
        for (String sub : List.of("", "/Maildir", "/Maildir/new", "/Maildir/cur", "/Maildir/tmp")) {
            Path dir = Files.createDirectories(Path.of(home + sub));
            Files.setAttribute(dir, "unix:uid", (int) uid);
            Files.setAttribute(dir, "unix:gid", (int) uid);
        }
        return home;
    }

    /** Runs a tool with this home's environment (plus {@code env}) and {@code message} on its standard input. */
    private static Result tool(String message, Map<String, String> env, String... command) throws Exception {
        Path input = Files.createTempFile("inject", ".msg");
        try {
            Files.writeString(input, message);
            Map<String, String> saved = Map.copyOf(smtp.commands.environment);
            smtp.commands.environment.putAll(env);
            try {
                return smtp.commands.run(60, List.of(command), input);
            } finally {
                smtp.commands.environment.clear();
                smtp.commands.environment.putAll(saved);
            }
        } finally {
            Files.delete(input);
        }
    }

    private static String subject() {
        return "inject " + subjects.incrementAndGet();
    }

    /** Waits for the one message with {@code subject} in {@code home}'s Maildir and returns it. */
    private static String delivered(Path home, String subject) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(home.resolve("Maildir/new"))) {
                for (Path file : files.toList()) {
                    String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                    if (text.contains("Subject: " + subject + "\n")) {
                        return text;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no '" + subject + "' in " + home + " within 60 s; log:\n"
                + Files.readString(smtp.commands.home.resolve("log/current")));
    }

    @Test
    public void test01_qmailInjectPrintsTheFixedMessage() throws Exception {
        Result r = tool("To: joe, ann@example.com (Ann)\nBcc: hidden@example.com\nSubject: fixed\n\nbody\n",
                Map.of("QMAILUSER", "me", "QMAILHOST", "example.org", "QMAILNAME", "Me Myself"),
                smtp.commands.bin("qmail-inject"), "-n");
        assertEquals(r.toString(), 0, r.exit());
        List<String> lines = r.out().lines().toList();
        assertEquals("Return-Path: <me@example.org>", lines.get(0));
        assertTrue(r.out(), lines.get(1).matches("Date: \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d -0000"));
        assertTrue(r.out(), lines.get(2).matches("Message-ID: <\\d{14}\\.\\d+\\.qmail@" + SmtpHome.ME.replace(".", "\\.") + ">"));
        assertEquals("From: \"Me Myself\" <me@example.org>", lines.get(3));
        assertTrue(r.out(), r.out().contains("To: joe@" + SmtpHome.ME + ", ann@example.com (Ann)\n"));
        assertFalse(r.out(), r.out().contains("Bcc"));
        assertTrue(r.out(), r.out().endsWith("Subject: fixed\n\nbody\n"));
    }

    @Test
    public void test02_sendmailTakesHeaderRecipientsAndHidesBcc() throws Exception {
        String subject = subject();
        Result r = tool("To: joe@example.com\nBcc: ann@example.com\nSubject: " + subject + "\n\nhello\n.\nafter a dot\n",
                Map.of(), smtp.commands.bin("sendmail"), "-t", "-i");
        assertEquals(r.toString(), 0, r.exit());
        String toJoe = delivered(joe, subject);
        String toAnn = delivered(ann, subject);
        for (String copy : List.of(toJoe, toAnn)) {
            assertFalse(copy, copy.contains("Bcc"));
            assertTrue("a lone dot does not end the message: " + copy, copy.contains("\n.\nafter a dot\n"));
        }
    }

    @Test
    public void test03_sendmailArgumentsSenderAndName() throws Exception {
        String subject = subject();
        Result r = tool("Subject: " + subject + "\n\nhi\n", Map.of(), smtp.commands.bin("sendmail"),
                "-f", "bounces@example.org", "-F", "Mr Ignored", "joe@example.com");
        assertEquals(r.toString(), 0, r.exit());
        String message = delivered(joe, subject);
        assertTrue(message, message.startsWith("Return-Path: <bounces@example.org>\n"));
        assertTrue("-f replaces -F's name: " + message, message.contains("\nFrom: bounces@example.org\n"));

        String named = subject();
        r = tool("Subject: " + named + "\n\nhi\n", Map.of("USER", "carol"), smtp.commands.bin("sendmail"), "-F",
                "Carol C", "joe@example.com");
        assertEquals(r.toString(), 0, r.exit());
        String fromCarol = delivered(joe, named);
        assertTrue(fromCarol, fromCarol.contains("\nFrom: \"Carol C\" <carol@" + SmtpHome.ME + ">\n"));
    }

    @Test
    public void test04_queueListingAndQmailsRefusals() throws Exception {
        Result mailq = tool("", Map.of(), smtp.commands.bin("mailq"));
        assertEquals(mailq.toString(), 0, mailq.exit());
        Result bp = tool("", Map.of(), smtp.commands.bin("sendmail"), "-bp");
        assertEquals(bp.toString(), 0, bp.exit());
        assertEquals(mailq.out().lines().count() > 0, bp.out().lines().count() > 0);

        Result usage = tool("", Map.of(), smtp.commands.bin("sendmail"), "-q", "x");
        assertEquals(100, usage.exit());
        assertEquals("sendmail: illegal option -- q\n"
                + "sendmail: usage: sendmail [ -t ] [ -fsender ] [ -Fname ] [ -bp ] [ -bs ] [ arg ... ]\n", usage.out());
        Result newaliases = tool("", Map.of(), smtp.commands.bin("newaliases"));
        assertEquals(100, newaliases.exit());
        assertEquals("sendmail: fatal: please use fastforward/newaliases instead\n", newaliases.out());
    }

    @Test
    public void test05_qmailQmqpcReadsTheEnvelopeOnDescriptorOne() throws Exception {
        String subject = subject();
        Path message = Files.writeString(Files.createTempFile("qmqpc", ".msg"), "Subject: " + subject + "\n\nvia qmqpc\n");
        Path envelope = Files.writeString(Files.createTempFile("qmqpc", ".env"), "Fqmqpc@example.org\0Tann@example.com\0\0");
        try {
            Result r = smtp.commands.run(60, List.of("sh", "-c", "exec \"$0\" < \"$1\" 1< \"$2\"",
                    smtp.commands.bin("qmail-qmqpc"), message.toString(), envelope.toString()), null);
            assertEquals(r.toString(), 0, r.exit());
            assertTrue(delivered(ann, subject).startsWith("Return-Path: <qmqpc@example.org>\n"));
        } finally {
            Files.delete(message);
            Files.delete(envelope);
        }
    }

    @Test
    public void test06_aSendmailLinkRunByAnyUserFromAnywhere() throws Exception {
        Path sbin = Files.createDirectories(TestHome.fresh("inject-usr-sbin"));
        Files.setPosixFilePermissions(sbin, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(sbin.resolve("sendmail"), Path.of(smtp.commands.bin("sendmail")));
        String subject = subject();
        Path input = Files.writeString(Files.createTempFile("link", ".msg"), "To: ann@example.com\nSubject: " + subject + "\n\nfrom nobody\n");
        Files.setPosixFilePermissions(input, PosixFilePermissions.fromString("rw-r--r--"));
        // How a tool without TESSERA_QMQP_PORT finds a server on another port than 2628: control/qmqpservers.
        Files.writeString(smtp.commands.home.resolve("control/qmqpservers"), "127.0.0.1:" + smtp.commands.qmqpPort + "\n");
        try {
            // No TESSERA_HOME: the link finds its distribution, and the distribution the home its server runs with.
            ProcessBuilder nobody = new ProcessBuilder("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                    "--clear-groups", link.toString(), "-t").directory(Path.of("/").toFile())
                    .redirectInput(input.toFile()).redirectErrorStream(true);
            nobody.environment().clear();
            nobody.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin");
            nobody.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = nobody.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(out, 0, p.exitValue());
            String message = delivered(ann, subject);
            assertTrue("no USER or LOGNAME: qmail-inject says anonymous: " + message, message.contains("\nFrom: anonymous@" + SmtpHome.ME + "\n"));
        } finally {
            Files.delete(input);
            Files.delete(smtp.commands.home.resolve("control/qmqpservers"));
        }
    }

    @Test
    public void test08_muttSendsThroughOurSendmail() throws Exception {
        SmtpIT.requireTool("mutt");
        String subject = subject();
        Path muttHome = Files.createDirectories(TestHome.fresh("inject-mutt"));
        Result r = tool("written in mutt\n", Map.of("HOME", muttHome.toString()), "mutt", "-n", "-F", "/dev/null",
                "-e", "set sendmail=\"" + smtp.commands.bin("sendmail") + " -oem -oi\"",
                "-e", "set from=joe@example.com", "-e", "set use_from=yes", "-e", "set record=",
                "-s", subject, "ann@example.com");
        assertEquals(r.toString(), 0, r.exit());
        String message = delivered(ann, subject);
        assertTrue(message, message.contains("\nFrom: ") && message.contains("<joe@example.com>\n") && message.contains("\nwritten in mutt\n"));
    }

    @Test
    public void test09_sendmailBsSpeaksTheServersSmtpAsALocalRelayClient() throws Exception {
        SmtpIT.requireTool("swaks");
        String subject = subject();
        // swaks talks SMTP over our sendmail -bs's standard input and output, as a local program would.
        Result r = tool("", Map.of(), "swaks", "--pipe", smtp.commands.bin("sendmail") + " -bs", "--helo", "client.example",
                "--from", "bs@example.org", "--to", "ann@example.com,joe@" + SmtpHome.ME, "--header", "Subject: " + subject,
                "--body", "through sendmail -bs");
        assertEquals(r.toString(), 0, r.exit());
        assertTrue(r.out(), r.out().contains("\n<-  220 " + SmtpHome.ME + " ESMTP\n"));
        // control/me is a local domain but not in rcpthosts: only RELAYCLIENT lets it through.
        assertTrue("RELAYCLIENT: a domain outside rcpthosts is taken: " + r.out(),
                r.out().contains(" -> RCPT TO:<joe@" + SmtpHome.ME + ">\n<-  250 ok\n"));
        delivered(joe, subject);
        String message = delivered(ann, subject);
        assertTrue(message, message.startsWith("Return-Path: <bs@example.org>\n"));
        assertTrue(message, message.contains("\nReceived: from localhost (HELO client.example) (sendmail-bs@127.0.0.1)\n"
                + "  by localhost with SMTP; "));

        // A script that writes the whole dialogue and closes its output gets every answer, as from
        // qmail-smtpd; a message whose dot never came is dropped.
        String piped = subject();
        Path script = Files.writeString(Files.createTempFile("bs", ".smtp"), "HELO script\r\nMAIL FROM:<bs@example.org>\r\n"
                + "RCPT TO:<joe@example.com>\r\nDATA\r\nSubject: " + piped + "\r\n\r\npiped\r\n.\r\nQUIT\r\n");
        Path cut = Files.writeString(Files.createTempFile("bs", ".smtp"), "HELO script\r\nMAIL FROM:<bs@example.org>\r\n"
                + "RCPT TO:<joe@example.com>\r\nDATA\r\nSubject: cut short\r\n\r\nno dot");
        try {
            Result all = smtp.commands.run(60, List.of(smtp.commands.bin("sendmail"), "-bs"), script);
            assertEquals(all.toString(), 0, all.exit());
            String quit = "221 " + SmtpHome.ME.replace(".", "\\.") + "\r\n";
            assertTrue(all.out(), all.out().matches("(?s)220 .*\r\n250 ok \\d+ qp \\d+\r\n" + quit));
            delivered(joe, piped);
            Result dropped = smtp.commands.run(60, List.of(smtp.commands.bin("sendmail"), "-bs"), cut);
            assertEquals(dropped.toString(), 0, dropped.exit());
            assertTrue(dropped.out(), dropped.out().endsWith("354 go ahead\r\n"));
        } finally {
            Files.delete(script);
            Files.delete(cut);
        }

        // Not the sendmail -bs first line: the listener says what it is for and closes.
        try (java.net.Socket plain = new java.net.Socket("127.0.0.1", smtp.commands.sendmailPort)) {
            plain.getOutputStream().write("EHLO x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("421 this port takes local injection only (#4.3.0)\r\n",
                    new String(plain.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    public void test10_qmailPw2uAndQmailNewuOnTheHome() throws Exception {
        Path users = smtp.commands.home.resolve("users");
        Path passwd = Files.writeString(Files.createTempFile("pw2u", ".passwd"),
                "root:x:0:0::/root:/bin/sh\nalias:*:" + MAIL + ":" + MAIL + "::" + ann + ":/bin/false\n"
                + "joe:*:" + NOBODY + ":" + NOBODY + ":Joe:" + joe + ":/bin/sh\n");
        try {
            Result pw2u = smtp.commands.run(60, List.of(smtp.commands.bin("qmail-pw2u"), "-/"), passwd);
            assertEquals(pw2u.toString(), 0, pw2u.exit());
            // -/: the dash is "-/" (qmail-pw2u(8)); root has uid 0 and is left out.
            assertEquals("+:alias:" + MAIL + ":" + MAIL + ":" + ann + ":-/::\n"
                    + "=alias:alias:" + MAIL + ":" + MAIL + ":" + ann + ":::\n"
                    + "+alias-:alias:" + MAIL + ":" + MAIL + ":" + ann + ":-/::\n"
                    + "=joe:joe:" + NOBODY + ":" + NOBODY + ":" + joe + ":::\n"
                    + "+joe-:joe:" + NOBODY + ":" + NOBODY + ":" + joe + ":-/::\n.\n", pw2u.out());
            Result badOption = smtp.commands.run(60, List.of(smtp.commands.bin("qmail-pw2u"), "-q"), passwd);
            assertEquals(new Result(100, "qmail-pw2u: illegal option -- q\n"), badOption);
        } finally {
            Files.delete(passwd);
        }

        byte[] cdb = Files.readAllBytes(users.resolve("cdb"));
        String assign = Files.readString(users.resolve("assign"));
        Files.writeString(users.resolve("assign"), assign.replace(".\n", ""));
        try {
            Result newu = smtp.commands.run(60, List.of(smtp.commands.bin("qmail-newu")), null);
            assertEquals(new Result(111, "qmail-newu: fatal: bad format in users/assign\n"), newu);
            assertArrayEquals("users/cdb as it was", cdb, Files.readAllBytes(users.resolve("cdb")));
        } finally {
            Files.writeString(users.resolve("assign"), assign);
        }
    }

    @Test
    public void test11_phpMailGoesThroughOurSendmail() throws Exception {
        SmtpIT.requireTool("php");
        String subject = subject();
        // What a web application on the host does: PHP's mail() writes the message to sendmail_path's
        // standard input, its header lines ending in CRLF (PHP 8), which our sendmail turns into LF.
        Result r = tool("", Map.of(), "php", "-n", "-d", "sendmail_path=" + smtp.commands.bin("sendmail") + " -t -i",
                "-r", "exit(mail('ann@example.com', '" + subject + "', \"sent by PHP\\n\", 'From: web@example.org') ? 0 : 1);");
        assertEquals(r.toString(), 0, r.exit());
        String message = delivered(ann, subject);
        assertTrue(message, message.contains("\nFrom: web@example.org\n\nsent by PHP\n"));
        assertFalse(message, message.contains("\r"));
    }

    @Test
    public void test07_theServerDownIsATemporaryFailureThatSaysSo() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Result r = tool("Subject: lost?\n\nno\n", Map.of("TESSERA_QMQP_PORT", Integer.toString(closed)),
                smtp.commands.bin("sendmail"), "joe@example.com");
        assertEquals(r.toString(), 111, r.exit());
        assertEquals("qmail-inject: fatal: connection to mail server rejected (#4.4.1); is the server running? (QMQP 127.0.0.1:"
                + closed + ")\n", r.out());
        List<String> none = new ArrayList<>();
        try (Stream<Path> files = Files.list(joe.resolve("Maildir/new"))) {
            files.filter(f -> read(f).contains("Subject: lost?")).forEach(f -> none.add(f.toString()));
        }
        assertEquals(List.of(), none);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

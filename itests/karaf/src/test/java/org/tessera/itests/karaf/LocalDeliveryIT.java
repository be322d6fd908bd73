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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;

/**
 * Local delivery in the distribution (issue 5), mail sent by SMTP as a client would: each kind of
 * recipient lands where qmail would put it (a user of users/assign, {@code user-ext},
 * {@code user-foo-bar} through {@code .qmail-foo-default}, the alias user's postmaster, a virtual
 * domain), a program sees qmail-local's environment, exit codes 100 / 111 / 99 bounce, defer and
 * stop, mutual forwarding bounces once, procmail and maildrop work through preline, and a stopped
 * Maildir target keeps the message queued until it is back. The server runs as root here (CI
 * does), so every delivery runs in a user process under the user's uid, which the files show.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class LocalDeliveryIT {

    // Accounts every Debian system has (nobody, mail): programs such as maildrop want a name for their uid.
    private static final long JOE = 65534;
    private static final long CATCHER = 8;
    private static final String SENDER = "catcher@example.com";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("local-delivery-home",
            Map.of("virtualdomains", "virt.test:joe-v\n", "rcpthosts", "example.com\nvirt.test\n" + SmtpHome.ME + "\n"), true);

    private static final AtomicInteger subjects = new AtomicInteger();
    private static Path users;
    private static Path joe;
    private static Path catcher;

    @BeforeClass
    public static void usersAndTheirFiles() throws Exception {
        assumeTrue("the user processes need root", "root".equals(System.getProperty("user.name")));
        users = Files.createDirectories(TestHome.fresh("local-delivery-users"));
        joe = home("joe", JOE);
        catcher = home("catcher", CATCHER);
        for (String maildir : List.of("Maildir", "ext", "foo", "virt", "stopped", "pm", "md", "fwd", "nocond", "seek",
                "hostile")) {
            maildir(joe.resolve(maildir), JOE);
        }
        maildir(catcher.resolve("Maildir"), CATCHER);
        dotQmail(joe, ".qmail-ext", "./ext/\n");
        dotQmail(joe, ".qmail-foo-default", "./foo/\n");
        dotQmail(joe, ".qmail-v-default", "./virt/\n");
        dotQmail(joe, ".qmail-prog", "|env > env.txt\n");
        dotQmail(joe, ".qmail-fail", "|echo no such luck; exit 100\n");
        dotQmail(joe, ".qmail-later", "|echo try later; exit 111\n");
        dotQmail(joe, ".qmail-stop", "|exit 99\n./stopped/\n");
        dotQmail(joe, ".qmail-loopa", "&joe-loopb@example.com\n");
        dotQmail(joe, ".qmail-loopb", "&joe-loopa@example.com\n");
        dotQmail(joe, ".qmail-procmail", "|preline procmail -m ./procmailrc\n");
        dotQmail(joe, "procmailrc", "DEFAULT=./pm/\n");
        dotQmail(joe, ".qmail-maildrop", "|preline maildrop ./mailfilter\n");
        dotQmail(joe, "mailfilter", "to \"./md/\"\n");
        dotQmail(joe, ".qmail-cond", "|condredirect joe-redir@example.com true\n./nocond/\n");
        dotQmail(joe, ".qmail-redir", "./fwd/\n");
        dotQmail(joe, ".qmail-fwd", "|forward joe-redir@example.com\n");
        // Reads its input, rewinds it and reads it again: a pipe would fail (exit 100 bounces).
        dotQmail(joe, ".qmail-seek", "|python3 -c 'import os, sys; a = os.read(0, 1 << 20); os.lseek(0, 0, os.SEEK_SET);"
                + " sys.exit(0 if a and os.read(0, 1 << 20) == a else 100)'\n./seek/\n");
        // Uses the sender as .qmail lines do, quoted and not; the shell must never run any part of it.
        dotQmail(joe, ".qmail-hostile", "|printf '%s' \"$SENDER\" > hostile-sender.txt; echo $SENDER $RPLINE > /dev/null\n"
                + "./hostile/\n");
        Files.setPosixFilePermissions(joe.resolve("mailfilter"), PosixFilePermissions.fromString("rw-------"));
        Files.writeString(smtp.commands.home.resolve("users/assign"),
                "=joe:joe:" + JOE + ":" + JOE + ":" + joe + ":::\n"
                + "+joe-:joe:" + JOE + ":" + JOE + ":" + joe + ":-::\n"
                + "=catcher:catcher:" + CATCHER + ":" + CATCHER + ":" + catcher + ":::\n.\n");
        Result newu = smtp.commands.run(60, List.of(smtp.commands.bin("qmail-newu")), null);
        assertEquals(newu.toString(), 0, newu.exit());
        // The console's qmail:newu builds the same users/cdb from the same file.
        byte[] cdb = Files.readAllBytes(smtp.commands.home.resolve("users/cdb"));
        smtp.ctl("newu");
        assertTrue("qmail:newu writes what bin/qmail-newu wrote",
                java.util.Arrays.equals(cdb, Files.readAllBytes(smtp.commands.home.resolve("users/cdb"))));
    }

    private static Path home(String name, long uid) throws IOException {
        Path home = Files.createDirectories(users.resolve(name));
        own(home, uid);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static void maildir(Path dir, long uid) throws IOException {
        for (String sub : List.of("", "/new", "/cur", "/tmp")) {
            Path d = Files.createDirectories(Path.of(dir + sub));
            own(d, uid);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void dotQmail(Path home, String name, String content) throws IOException {
        Path file = Files.writeString(home.resolve(name), content);
        own(file, ((Number) Files.getAttribute(home, "unix:uid")).longValue());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void own(Path path, long uid) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) uid);
        Files.setAttribute(path, "unix:gid", (int) uid);
    }

    /** Sends a message with a fresh Subject to {@code recipient} and returns the Subject. */
    private static String send(String recipient) throws Exception {
        String subject = "local delivery " + subjects.incrementAndGet();
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction(SENDER, List.of(recipient), "Subject: " + subject + "\r\n\r\nhello\r\n"));
        }
        return subject;
    }

    /** Waits for the one file in {@code maildir}/new holding {@code subject}. */
    private static Path delivered(Path maildir, String subject) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<Path> found = SmtpHome.holding(maildir, subject);
            if (!found.isEmpty()) {
                assertEquals(found.toString(), 1, found.size());
                return found.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no message '" + subject + "' in " + maildir + "/new within 60 s; log:\n" + log());
    }

    private static String log() throws IOException {
        return Files.readString(smtp.commands.home.resolve("log/current"));
    }

    /**
     * Waits for the first delivery to {@code recipient} after {@code seen} earlier ones to end, and
     * returns its result as the log has it: {@code success: did_1+0+0/}, {@code deferral: ...}.
     */
    private static String outcome(String recipient, int seen) throws Exception {
        Pattern start = Pattern.compile("starting delivery (\\d+): msg \\d+ to local " + Pattern.quote(recipient) + "$");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            List<String> lines = log().lines().toList();
            List<String> deliveries = new ArrayList<>();
            for (String line : lines) {
                Matcher m = start.matcher(line);
                if (m.find()) {
                    deliveries.add(m.group(1));
                }
            }
            if (deliveries.size() > seen) {
                Pattern end = Pattern.compile(" delivery " + deliveries.get(seen) + ": ((success|failure|deferral): .*)$");
                for (String line : lines) {
                    Matcher m = end.matcher(line);
                    if (m.find()) {
                        return m.group(1);
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no delivery " + (seen + 1) + " to " + recipient + " within 60 s:\n" + log());
    }

    @Test
    public void a_eachKindOfRecipientLandsWhereQmailPutsIt() throws Exception {
        String plain = send("joe@example.com");
        String ext = send("joe-ext@example.com");
        String fooBar = send("joe-foo-bar@example.com");
        String virtual = send("someone@virt.test");
        String postmaster = send("postmaster@" + SmtpHome.ME);

        Path file = delivered(joe.resolve("Maildir"), plain);
        String message = Files.readString(file);
        assertTrue(message, message.startsWith("Return-Path: <" + SENDER + ">\nDelivered-To: joe@example.com\n"));
        assertEquals("written as joe, by joe's user process", JOE, ((Number) Files.getAttribute(file, "unix:uid")).longValue());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(delivered(joe.resolve("ext"), ext)).contains("Delivered-To: joe-ext@example.com\n"));
        assertTrue(Files.readString(delivered(joe.resolve("foo"), fooBar)).contains("Delivered-To: joe-foo-bar@example.com\n"));
        assertTrue(Files.readString(delivered(joe.resolve("virt"), virtual)).contains("Delivered-To: joe-v-someone@virt.test\n"));
        Path alias = smtp.commands.home.resolve("alias/Maildir");
        Path postmasters = delivered(alias, postmaster);
        assertTrue(Files.readString(postmasters).contains("Delivered-To: alias-postmaster@" + SmtpHome.ME + "\n")
                || Files.readString(postmasters).contains("Delivered-To: postmaster@" + SmtpHome.ME + "\n"));
        assertFalse("the alias user is never root", 0 == ((Number) Files.getAttribute(postmasters, "unix:uid")).longValue());
    }

    @Test
    public void b_aProgramSeesQmailLocalsEnvironment() throws Exception {
        send("joe-prog@example.com");
        Path envFile = joe.resolve("env.txt");
        assertEquals("success: did_0+0+1/", outcome("joe-prog@example.com", 0));
        List<String> lines = Files.readAllLines(envFile);
        Set<String> names = new TreeSet<>();
        lines.stream().filter(l -> l.matches("^[A-Z_0-9]+=.*")).forEach(l -> names.add(l.substring(0, l.indexOf('='))));
        assertEquals(new TreeSet<>(List.of("DTLINE", "EXT", "EXT2", "EXT3", "EXT4", "HOME", "HOST", "HOST2", "HOST3",
                "HOST4", "LOCAL", "NEWSENDER", "PATH", "PWD", "RECIPIENT", "RPLINE", "SENDER", "TESSERA_HOME",
                "TESSERA_QMQP_PORT", "UFLINE", "USER")), names);
        for (String expected : List.of("USER=joe", "HOME=" + joe, "LOCAL=joe-prog", "HOST=example.com",
                "RECIPIENT=joe-prog@example.com", "SENDER=" + SENDER, "NEWSENDER=" + SENDER, "EXT=prog", "EXT2=",
                "HOST2=example", "HOST3=example", "HOST4=example", "DTLINE=Delivered-To: joe-prog@example.com",
                "RPLINE=Return-Path: <" + SENDER + ">", "TESSERA_HOME=" + smtp.commands.home,
                "TESSERA_QMQP_PORT=" + smtp.commands.qmqpPort)) {
            assertTrue(expected + " in " + lines, lines.contains(expected));
        }
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.matches("UFLINE=From catcher@example\\.com "
                + "[A-Z][a-z]{2} [A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d:\\d\\d \\d{4}")));
        String bin = smtp.commands.distribution.toRealPath().resolve("bin").toString();
        assertTrue(lines.toString(), lines.stream().anyMatch(l -> l.startsWith("PATH=" + bin + ":")));
        assertEquals(JOE, ((Number) Files.getAttribute(envFile, "unix:uid")).longValue());
    }

    @Test
    public void c_exitCodesBounceDeferAndStop() throws Exception {
        String failed = send("joe-fail@example.com");
        Path bounce = delivered(catcher.resolve("Maildir"), "failure notice");
        String text = Files.readString(bounce);
        assertTrue(text, text.contains("<joe-fail@example.com>:\nno such luck\n"));
        assertTrue(text, text.contains("Subject: " + failed));

        send("joe-later@example.com");
        assertEquals("deferral: try_later/", outcome("joe-later@example.com", 0));
        Result queue = smtp.ctl("queue");
        assertTrue(queue.out(), queue.out().contains("joe-later@example.com"));

        send("joe-stop@example.com");
        assertEquals("success: did_0+0+1/", outcome("joe-stop@example.com", 0));
        try (Stream<Path> none = Files.list(joe.resolve("stopped/new"))) {
            assertEquals("the line after an exit 99 is not run", 0, none.count());
        }
    }

    @Test
    public void d_mutualForwardingBouncesOnce() throws Exception {
        String looping = send("joe-loopa@example.com");
        assertEquals("success: did_0+1+0/qp_", outcome("joe-loopa@example.com", 0).replaceFirst("qp_\\d+/$", "qp_"));
        assertEquals("success: did_0+1+0/qp_", outcome("joe-loopb@example.com", 0).replaceFirst("qp_\\d+/$", "qp_"));
        assertEquals("failure: This_message_is_looping:_it_already_has_my_Delivered-To_line._(#5.4.6)/",
                outcome("joe-loopa@example.com", 1));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        List<Path> bounces;
        do {
            bounces = SmtpHome.holding(catcher.resolve("Maildir"), looping).stream()
                    .filter(p -> read(p).contains("looping")).toList();
            Thread.sleep(200);
        } while (bounces.isEmpty() && System.nanoTime() < deadline);
        Thread.sleep(2000);
        bounces = SmtpHome.holding(catcher.resolve("Maildir"), looping).stream().filter(p -> read(p).contains("looping")).toList();
        assertEquals("one bounce for the loop", 1, bounces.size());
    }

    @Test
    public void e_procmailAndMaildropThroughPreline() throws Exception {
        String procmail = send("joe-procmail@example.com");
        assertEquals("success: did_0+0+1/", outcome("joe-procmail@example.com", 0));
        String pm = Files.readString(delivered(joe.resolve("pm"), procmail));
        // preline's From_ line told procmail the sender; a Maildir delivery of procmail's drops it.
        assertTrue(pm, pm.startsWith("Return-Path: <" + SENDER + ">\nDelivered-To: joe-procmail@example.com\n"));
        String maildrop = send("joe-maildrop@example.com");
        assertEquals("success: did_0+0+1/", outcome("joe-maildrop@example.com", 0));
        String md = Files.readString(delivered(joe.resolve("md"), maildrop));
        assertTrue(md, md.contains("Delivered-To: joe-maildrop@example.com\n"));
    }

    @Test
    public void f_aStoppedMaildirTargetKeepsTheMessageQueued() throws Exception {
        smtp.ctl("bundle:stop", "org.tessera.delivery.maildir");
        String kept;
        try {
            kept = send("joe@example.com");
            assertEquals("deferral: No_maildir_delivery_target_is_running._(#4.3.0)/", outcome("joe@example.com", 1));
            assertTrue(SmtpHome.holding(joe.resolve("Maildir"), kept).isEmpty());
            assertTrue("no bounce", SmtpHome.holding(catcher.resolve("Maildir"), kept).isEmpty());
            assertTrue(smtp.ctl("queue").out().contains("joe@example.com"));
        } finally {
            smtp.ctl("bundle:start", "org.tessera.delivery.maildir");
        }
        smtp.ctl("doqueue");
        delivered(joe.resolve("Maildir"), kept);
    }

    @Test
    public void g_helpersAndProgramsThatRewindTheirInput() throws Exception {
        String redirected = send("joe-cond@example.com");
        String cond = outcome("joe-cond@example.com", 0);
        assertTrue("condredirect exits 99, nothing after it: " + cond, cond.matches("success: condredirect:_qp_\\d+/did_0\\+0\\+1/"));
        assertTrue(Files.readString(delivered(joe.resolve("fwd"), redirected)).contains("Delivered-To: joe-redir@example.com\n"));
        assertTrue(SmtpHome.holding(joe.resolve("nocond"), redirected).isEmpty());

        String forwarded = send("joe-fwd@example.com");
        String fwd = outcome("joe-fwd@example.com", 0);
        assertTrue(fwd, fwd.matches("success: forward:_qp_\\d+/did_0\\+0\\+1/"));
        assertTrue(Files.readString(delivered(joe.resolve("fwd"), forwarded)).contains("Delivered-To: joe-fwd@example.com\n"));

        String sought = send("joe-seek@example.com");
        assertEquals("success: did_1+0+1/", outcome("joe-seek@example.com", 0));
        delivered(joe.resolve("seek"), sought);
    }

    @Test
    public void h_hostileSendersStayInTheEnvironmentAndOnTheirOwnHeaderLines() throws Exception {
        // Joe's own home: a marker that joe's user process could not create would prove nothing.
        Path marker = joe.resolve("pwned");
        String recipient = "joe-hostile@example.com";
        // Over SMTP, as MAIL FROM carries them (qmail-smtpd removes the quotes and keeps a CR inside the line).
        Map<String, String> smtpSenders = new java.util.LinkedHashMap<>();
        smtpSenders.put("\"$(touch " + marker + ")\"@example.net", "$(touch " + marker + ")@example.net");
        smtpSenders.put("`touch " + marker + "`@example.net", "`touch " + marker + "`@example.net");
        smtpSenders.put(";touch " + marker + ";|touch " + marker + "&@example.net", ";touch " + marker + ";|touch " + marker + "&@example.net");
        smtpSenders.put("'\\\"; touch " + marker + "'@example.net", "'\"; touch " + marker + "'@example.net");
        smtpSenders.put("joe\rX-Injected: smtp@example.net", "joe\rX-Injected: smtp@example.net");
        int seen = 0;
        for (Map.Entry<String, String> sender : smtpSenders.entrySet()) {
            String subject = "hostile " + subjects.incrementAndGet();
            try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
                SmtpHome.assertQueued(c.transaction(sender.getKey(), List.of(recipient), "Subject: " + subject + "\r\n\r\nhi\r\n"));
            }
            assertEquals("success: did_1+0+1/", outcome(recipient, seen++));
            assertOneLineEnvelope(delivered(joe.resolve("hostile"), subject), recipient);
            assertEquals("the program saw the sender in $SENDER", sender.getValue(),
                    Files.readString(joe.resolve("hostile-sender.txt"), java.nio.charset.StandardCharsets.ISO_8859_1));
            assertFalse("the shell ran part of " + SmtpClient.printable(sender.getValue()), Files.exists(marker));
        }

        // QMQP and QMTP carry any byte but NUL in an address, LF included.
        String qmqp = "hostile " + subjects.incrementAndGet();
        String qmqpSender = "joe\nX-Injected: qmqp\n@example.net$(touch " + marker + ")";
        assertEquals(List.of("Kok"), NetstringClient.qmqp(smtp.commands, "Subject: " + qmqp + "\n\nhi\n", qmqpSender,
                List.of(recipient)).replies().stream().map(r -> r.substring(0, Math.min(3, r.length()))).toList());
        assertEquals("success: did_1+0+1/", outcome(recipient, seen++));
        assertOneLineEnvelope(delivered(joe.resolve("hostile"), qmqp), recipient);
        assertEquals(qmqpSender, Files.readString(joe.resolve("hostile-sender.txt"), java.nio.charset.StandardCharsets.ISO_8859_1));
        String qmtp = "hostile " + subjects.incrementAndGet();
        String qmtpSender = "joe\r\nX-Injected: qmtp\r\n@example.net`touch " + marker + "`";
        NetstringClient.Answer answer = NetstringClient.qmtp(smtp.commands, new NetstringClient.Package("\n",
                "Subject: " + qmtp + "\n\nhi\n", qmtpSender, List.of(recipient)));
        assertTrue(answer.toString(), answer.replies().size() == 1 && answer.replies().get(0).startsWith("K"));
        assertEquals("success: did_1+0+1/", outcome(recipient, seen++));
        assertOneLineEnvelope(delivered(joe.resolve("hostile"), qmtp), recipient);
        assertEquals(qmtpSender, Files.readString(joe.resolve("hostile-sender.txt"), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertFalse(Files.exists(marker));

        // bin/sendmail -f, as any local user may run it: the address would also make the From field.
        String sendmail = "hostile " + subjects.incrementAndGet();
        Path input = Files.writeString(Files.createTempFile(smtp.commands.home, "hostile", ".msg"), "Subject: " + sendmail + "\n\nhi\n");
        String injected = "joe\nX-Injected: sendmail\r\n@example.net";
        Result r = smtp.commands.run(60, List.of(smtp.commands.bin("sendmail"), "-f", injected, recipient), input);
        assertEquals(new Result(100, "qmail-inject: fatal: unable to parse address: " + injected + "\n"), r);
        assertFalse(Files.exists(marker));
        String hello = send(recipient);
        assertEquals("success: did_1+0+1/", outcome(recipient, seen));
        assertTrue("the refused message never came", SmtpHome.holding(joe.resolve("hostile"), sendmail).isEmpty());
        delivered(joe.resolve("hostile"), hello);
    }

    /** The delivered file starts with one Return-Path line and one Delivered-To line, and no envelope text made a field. */
    private static void assertOneLineEnvelope(Path file, String recipient) throws IOException {
        String message = Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        String header = message.substring(0, message.indexOf("\n\n") + 1);
        List<String> lines = header.lines().toList();
        assertTrue(SmtpClient.printable(header), lines.get(0).startsWith("Return-Path: <") && lines.get(0).endsWith(">"));
        assertEquals(SmtpClient.printable(header), "Delivered-To: " + recipient, lines.get(1));
        assertFalse(SmtpClient.printable(header), header.contains("\r"));
        assertTrue(SmtpClient.printable(header), lines.stream().noneMatch(l -> l.startsWith("X-Injected")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.common.testing.SmallFileSystem;

/**
 * Full and failing disks beyond the queue, and failures that say why (issue 18), through the whole
 * path: SMTP, the queue, a user process under the user's uid, the mail log and {@code ctl stat}. A
 * Tessera home the user cannot traverse defers with the directory to open, once per attempt in the
 * mail log and once in {@code stat}, and delivers when it is opened; a Maildir on a full tmpfs defers
 * with qmail's text and the cause, leaves nothing in {@code new/} or {@code tmp/}, and the message is
 * delivered exactly once when space returns; an mbox on a full tmpfs is cut back to its length
 * before the delivery and takes the message once there is space; a home on a read-only file system
 * defers, says so, and loses nothing; a full mail log loses lines but no mail, never leaves part of a
 * line, and says how many lines it lost once it can write again. Root only (as LocalDeliveryIT), with tmpfs mounts under target/.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DiskTroubleIT {

    private static final long JOE = 65534;
    private static final String SENDER = "sender@example.com";
    private static final String OLD_MAIL = "From old@example.org Thu Jan  1 00:00:00 1970\n\nold mail\n\n";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("disk-trouble-home", Map.of(), true);

    private static final AtomicInteger subjects = new AtomicInteger();
    private static final List<SmallFileSystem> disks = new ArrayList<>();
    private static Path joe;
    private static SmallFileSystem full;
    private static SmallFileSystem mboxDisk;
    private static SmallFileSystem readOnly;

    @BeforeClass
    public static void usersOnSmallDisks() throws Exception {
        assumeTrue("the user processes need root", "root".equals(System.getProperty("user.name")));
        Path users = Files.createDirectories(TestHome.fresh("disk-trouble-users"));
        joe = home(users.resolve("joe"));
        maildir(joe.resolve("Maildir"));
        dotQmail(joe, ".qmail-full", "./full/\n");
        full = mount(Files.createDirectory(joe.resolve("full")), "1m");
        maildir(full.path());
        dotQmail(joe, ".qmail-mbox", "./mbox/Mailbox\n");
        mboxDisk = mount(Files.createDirectory(joe.resolve("mbox")), "1m");
        own(mboxDisk.path());
        Path mailbox = Files.writeString(mboxDisk.path().resolve("Mailbox"), OLD_MAIL);
        own(mailbox);
        Files.setPosixFilePermissions(mailbox, PosixFilePermissions.fromString("rw-------"));
        Path ro = Files.createDirectory(users.resolve("ro"));
        readOnly = mount(ro, "1m");
        home(ro);
        maildir(ro.resolve("Maildir"));
        readOnly.readOnly(true);
        Files.writeString(smtp.commands.home.resolve("users/assign"),
                "=joe:joe:" + JOE + ":" + JOE + ":" + joe + ":::\n"
                + "+joe-:joe:" + JOE + ":" + JOE + ":" + joe + ":-::\n"
                + "=ro:ro:" + JOE + ":" + JOE + ":" + ro + ":::\n.\n");
        smtp.ctl("newu");
    }

    @AfterClass
    public static void unmount() throws Exception {
        for (SmallFileSystem disk : disks) {
            disk.close();
        }
    }

    private static SmallFileSystem mount(Path mountPoint, String size) throws Exception {
        SmallFileSystem disk = SmallFileSystem.mountOrFail(mountPoint, size, "");
        disks.add(disk);
        return disk;
    }

    private static Path home(Path home) throws IOException {
        Files.createDirectories(home);
        own(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static void maildir(Path dir) throws IOException {
        for (String sub : List.of("", "/new", "/cur", "/tmp")) {
            Path d = Files.createDirectories(Path.of(dir + sub));
            own(d);
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx------"));
        }
    }

    private static void dotQmail(Path home, String name, String content) throws IOException {
        Path file = Files.writeString(home.resolve(name), content);
        own(file);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    private static void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", (int) JOE);
        Files.setAttribute(path, "unix:gid", (int) JOE);
    }

    /** Sends a message with a fresh Subject and {@code bodyBytes} of body to {@code recipient}; returns the Subject. */
    private static String send(String recipient, int bodyBytes) throws Exception {
        String subject = "disk trouble " + subjects.incrementAndGet();
        StringBuilder body = new StringBuilder();
        while (body.length() < bodyBytes) {
            body.append("a line of a message for a small disk, seventy-odd characters long ........\r\n");
        }
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction(SENDER, List.of(recipient), "Subject: " + subject + "\r\n\r\n" + body));
        }
        return subject;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static void awaitDelivered(Path maildir, String subject) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (SmtpHome.holding(maildir, subject).isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no message '" + subject + "' in " + maildir + "/new within 60 s; log:\n" + smtp.mailLog());
            }
            Thread.sleep(200);
        }
    }

    @Test
    public void a_aTesseraHomeTheUserCannotTraverseIsNamedOnceAndDeliveredWhenOpened() throws Exception {
        Path home = smtp.commands.home;
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        String first;
        String second;
        try {
            first = send("joe@example.com", 10);
            second = send("joe@example.com", 10);
            String reason = "Unable to run qmail-local for user joe: " + home + " is not searchable by uid " + JOE
                    + " gid " + JOE + " (mode 0700, owner 0, group 0). (#4.3.0)";
            assertEquals(List.of("deferral: " + reason.replace(' ', '_') + "/", "deferral: " + reason.replace(' ', '_') + "/"),
                    smtp.deliveryOutcomes("joe@example.com", 2));
            String stat = smtp.ctl("stat").out();
            assertTrue(stat, stat.contains("  2x, "));
            assertEquals(stat, 1, stat.lines().filter(line -> line.endsWith(" ago: " + reason)).count());
            assertFalse("no crash report any more:\n" + smtp.mailLog(), smtp.mailLog().contains("qmail-local_crashed"));
        } finally {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        smtp.ctl("doqueue");
        awaitDelivered(joe.resolve("Maildir"), first);
        awaitDelivered(joe.resolve("Maildir"), second);
    }

    @Test
    public void b_aFullMaildirDefersWithQmailsTextLeavesNothingAndDeliversOnceWhenSpaceReturns() throws Exception {
        String big = send("joe-full@example.com", 2 << 20);
        String deferral = smtp.deliveryOutcomes("joe-full@example.com", 1).get(0);
        assertTrue(deferral, deferral.matches("deferral: Temporary_error_on_maildir_delivery\\._\\(#4\\.3\\.0\\)/cannot_write_"
                + "\\./full/tmp/\\S+:_out_of_disk_space/"));
        assertEquals(List.of(), files(full.path().resolve("new")));
        assertEquals(List.of(), files(full.path().resolve("tmp")));
        assertTrue("still queued", smtp.ctl("queue").out().contains("joe-full@example.com"));
        String stat = smtp.ctl("stat").out();
        assertTrue(stat, stat.contains(" ago: Temporary error on maildir delivery. (#4.3.0)/cannot write "));

        full.resize("8m");
        smtp.ctl("doqueue");
        awaitDelivered(full.path(), big);
        List<String> outcomes = smtp.deliveryOutcomes("joe-full@example.com", 2);
        assertEquals(outcomes.toString(), "success: did_1+0+0/", outcomes.get(outcomes.size() - 1));
        assertEquals("one success, then nothing more: " + outcomes, 1, outcomes.stream().filter(o -> o.startsWith("success")).count());
        assertEquals(1, files(full.path().resolve("new")).size());
        assertEquals(List.of(), files(full.path().resolve("tmp")));
        QueueListing.await(smtp.commands, l -> QueueListing.to(l, "joe-full@example.com").isEmpty(), "no message to joe-full");
    }

    @Test
    public void c_aFullMboxIsCutBackToItsLengthAndTakesTheMessageWhenSpaceReturns() throws Exception {
        Path mailbox = mboxDisk.path().resolve("Mailbox");
        String big = send("joe-mbox@example.com", 2 << 20);
        assertEquals(List.of("deferral: Unable_to_write_./mbox/Mailbox:_out_of_disk_space._(#4.3.0)/"),
                smtp.deliveryOutcomes("joe-mbox@example.com", 1));
        assertEquals(OLD_MAIL, Files.readString(mailbox));

        mboxDisk.resize("8m");
        smtp.ctl("doqueue");
        assertEquals("success: did_1+0+0/", smtp.deliveryOutcomes("joe-mbox@example.com", 2).get(1));
        String after = Files.readString(mailbox);
        assertTrue(after.startsWith(OLD_MAIL + "From " + SENDER + " "));
        assertEquals(after.indexOf("Subject: " + big + "\n"), after.lastIndexOf("Subject: " + big + "\n"));
        assertTrue(after.contains("Subject: " + big + "\n"));
    }

    @Test
    public void d_aReadOnlyHomeDefersSayingSoAndLosesNothing() throws Exception {
        String kept = send("ro@example.com", 10);
        String deferral = smtp.deliveryOutcomes("ro@example.com", 1).get(0);
        assertEquals("deferral: Temporary_error_on_maildir_delivery._(#4.3.0)/cannot_create_a_file_in_./Maildir/tmp:"
                + "_read-only_file_system/", deferral);
        assertTrue("still queued, no bounce", smtp.ctl("queue").out().contains("ro@example.com"));
        assertFalse(smtp.mailLog(), smtp.mailLog().contains("bounce msg"));

        readOnly.readOnly(false);
        smtp.ctl("doqueue");
        awaitDelivered(readOnly.path().resolve("Maildir"), kept);
        assertEquals(1, SmtpHome.holding(readOnly.path().resolve("Maildir"), kept).size());
        QueueListing.await(smtp.commands, l -> QueueListing.to(l, "ro@example.com").isEmpty(), "no message to ro");
    }

    @Test
    public void e_aFullMailLogLosesLinesButNotMailAndSaysHowManyWhenSpaceReturns() throws Exception {
        Path logDir = smtp.commands.home.resolve("log");
        mount(logDir, "64k");
        // The writer looks at most once a second whether current is still its file.
        Thread.sleep(1100);
        String first = send("joe@example.com", 10);
        awaitDelivered(joe.resolve("Maildir"), first);
        awaitLog(log -> log.contains("end msg"), "the log on the new disk");
        Path filler = logDir.resolve("filler");
        fill(filler);

        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            kept.add(send("joe@example.com", 10));
        }
        for (String subject : kept) {
            awaitDelivered(joe.resolve("Maildir"), subject);
        }
        Files.delete(filler);
        String last = send("joe@example.com", 10);
        awaitDelivered(joe.resolve("Maildir"), last);

        String log = awaitLog(text -> text.contains(" lost from "), "the count of the lost lines");
        Matcher lost = Pattern.compile(" warning: (\\d+) mail-log lines \\((\\d+) bytes\\) lost from \\S+ to \\S+:"
                + " the mail log could not be written \\(out of disk space\\)\n").matcher(log);
        assertTrue(log, lost.find());
        assertTrue(log, Integer.parseInt(lost.group(1)) > 0);
        for (String line : log.lines().toList()) {
            assertTrue("a whole line: [" + line + "]", line.matches("@[0-9a-f]{24} \\S.*"));
        }
    }

    private static String awaitLog(java.util.function.Predicate<String> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String log = smtp.mailLog();
            if (condition.test(log)) {
                return log;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + what + " in log/current:\n" + log);
            }
            Thread.sleep(200);
        }
    }

    /** Writes {@code file} until its file system is full. */
    private static void fill(Path file) throws IOException {
        byte[] chunk = new byte[4096];
        try (java.io.OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException full) {
            assertTrue(full.toString(), String.valueOf(full.getMessage()).contains("No space left on device"));
        }
    }
}

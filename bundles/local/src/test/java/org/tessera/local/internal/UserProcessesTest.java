package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;

/**
 * The root mode's user processes, for real: children started with {@code setpriv} as uid 65534
 * on a copy of this module's class path, delivering into a home owned by that uid. Needs root
 * (as a server running as root does).
 */
class UserProcessesTest {

    private static final long UID = 65534;
    private static final long OTHER = 65533;
    private static final String MESSAGE = "Subject: to the user\n\nbody\n";

    private Path base;
    private Path home;
    private FileContent content;
    private List<Path> classPath;
    private final List<Delivery> forwarded = new CopyOnWriteArrayList<>();
    /** The kinds the user process reported it carried out itself. */
    private final List<String> carriedOut = Collections.synchronizedList(new ArrayList<>());
    private UserProcesses processes;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(ServerIdentity.isRoot(), "switching to a user needs root");
        // Not @TempDir: its directories are closed to other users, and the user process must read the class path.
        base = Files.createTempDirectory("tessera-user-processes");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        home = Files.createDirectory(base.resolve("home"));
        Files.setAttribute(home, "unix:uid", (int) UID);
        Files.setAttribute(home, "unix:gid", (int) UID);
        content = FileContent.write(base.resolve("message"), MESSAGE);
        classPath = readableClassPath();
        processes = processes(classPath, 20);
    }

    private static UserProcesses processes(List<Path> classPath, int most) {
        return new UserProcesses(UserProcesses.setpriv(Path.of(System.getProperty("java.home"), "bin", "java"),
                classPath, Map.of(DeliveryTarget.MBOX, WhoWroteTarget.class.getName()),
                Map.of(WhoWroteTarget.class.getName() + ".label", "configured")), 1, most);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (processes != null) {
            processes.close();
        }
        if (base != null) {
            try (Stream<Path> all = Files.walk(base)) {
                all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private DeliveryReport deliver(String dotQmail) throws IOException {
        Files.writeString(home.resolve(".qmail"), dotQmail);
        return deliverAgain();
    }

    private DeliveryReport deliverAgain() {
        return deliverAs(UID, home);
    }

    private DeliveryReport deliverAs(long uid, Path userHome) {
        MailUser user = new MailUser("user" + uid, uid, uid, userHome.toString(), "", "");
        QmailLocal.Request request = new QmailLocal.Request(7, user, new MailAddress("nobody", "example.com"),
                new MailAddress("sender", "example.org"), "./Maildir/\n", content);
        return processes.deliver(request, Set.of(DeliveryTarget.FORWARD), kind -> kind.equals(DeliveryTarget.FORWARD)
                ? Optional.of(delivery -> {
                    forwarded.add(delivery);
                    return new DeliveryResult(DeliveryResult.Outcome.SUCCESS, "qp 4711\n");
                })
                : Optional.empty(), carriedOut::add);
    }

    @Test
    void theUserProcessWritesAsTheUserAndHandsForwardsBack() throws Exception {
        DeliveryReport report = deliver("./box\n&friend@example.org\n");

        assertEquals(new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+1+0\nqp 4711\n"), report);
        assertEquals(List.of(DeliveryTarget.MBOX), carriedOut, "the forward is the server's to measure");
        Path box = home.resolve("box");
        assertEquals(UID, ServerIdentity.owner(box));
        String written = Files.readString(box);
        assertTrue(written.startsWith("uid=" + UID + " label=configured pid="), written);
        assertTrue(written.endsWith("\n" + MESSAGE), written);
        assertEquals(1, forwarded.size());
        Delivery forward = forwarded.get(0);
        assertEquals(List.of("friend@example.org"), forward.arguments());
        assertEquals(new MailAddress("sender", "example.org"), forward.newSender());
        assertEquals("Delivered-To: nobody@example.com\n", forward.environment().get(Delivery.ENV_DTLINE));
        assertEquals(content, forward.content());
    }

    @Test
    void aKindNeitherSideRunsIsDeferred() throws Exception {
        DeliveryReport report = deliver("|echo hello\n");
        assertEquals(DeliveryReport.Outcome.TEMPORARY, report.outcome());
        assertEquals("No program delivery target is running. (#4.3.0)\n", report.text());
    }

    @Test
    void theUsersDeliveriesShareOneProcess() throws Exception {
        Files.writeString(home.resolve(".qmail"), "./box\n");
        ExecutorService senders = Executors.newFixedThreadPool(20);
        try {
            List<Future<DeliveryReport>> reports = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                reports.add(senders.submit(this::deliverAgain));
            }
            for (Future<DeliveryReport> report : reports) {
                assertEquals(new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+0+0\n"), report.get(60, TimeUnit.SECONDS));
            }
        } finally {
            senders.shutdownNow();
        }
        assertEquals(1, processes.size());
        assertEquals(1, children().size());
    }

    @Test
    void aKilledProcessIsQmailLocalCrashedAndTheNextDeliveryStartsAnother() throws Exception {
        Files.writeString(home.resolve(".qmail"), "./sleep-box\n");
        ExecutorService sender = Executors.newSingleThreadExecutor();
        try {
            Future<DeliveryReport> report = sender.submit(this::deliverAgain);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (children().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // Give the child time to start the delivery before it dies.
            Thread.sleep(1500);
            children().forEach(ProcessHandle::destroyForcibly);
            DeliveryReport crashed = report.get(30, TimeUnit.SECONDS);
            assertEquals(DeliveryReport.Outcome.TEMPORARY, crashed.outcome());
            // Followed by whatever the process last wrote to standard error (here the test class path's SLF4J notice).
            assertTrue(crashed.text().startsWith("qmail-local crashed: the user process of uid " + UID
                    + " was killed by signal 9"), crashed.text());
            assertTrue(crashed.text().endsWith(". (#4.3.0)\n"), crashed.text());
        } finally {
            sender.shutdownNow();
        }
        assertEquals(new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+0+0\n"), deliver("./box\n"));
    }

    @Test
    void aClassPathTheUserCannotReachIsNamedWithTheDirectoryToOpen() throws Exception {
        processes.close();
        Path dir = base.resolve("classpath");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        processes = processes(classPath, 20);

        DeliveryReport report = deliver("./box\n");

        assertEquals(new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, "Unable to run qmail-local for user user" + UID
                + ": " + dir + " is not searchable by uid " + UID + " gid " + UID + " (mode 0700, owner 0, group 0). (#4.3.0)\n"),
                report);

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+0+0\n"), deliverAgain());
    }

    @Test
    void aProcessThatDiesAtStartSaysHowAndItsLastWords() throws Exception {
        processes.close();
        Path empty = Files.createFile(base.resolve("empty.jar"));
        Files.setPosixFilePermissions(empty, PosixFilePermissions.fromString("rw-r--r--"));
        // Readable, but without the user process's main class: the JVM says so and exits 1.
        processes = processes(List.of(empty), 20);

        DeliveryReport report = deliver("./box\n");

        assertEquals(DeliveryReport.Outcome.TEMPORARY, report.outcome());
        assertTrue(report.text().startsWith("qmail-local crashed: the user process of uid " + UID
                + " exited with status 1 after writing \""), report.text());
        assertTrue(report.text().contains(UserProcessMain.class.getName()), report.text());
        assertTrue(report.text().endsWith("\". (#4.3.0)\n"), report.text());
    }

    @Test
    void anIdleProcessEndsAndARetiredOneIsNotUsedAgain() throws Exception {
        deliver("./first\n");
        long first = pid("first");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while ((processes.size() > 0 || !children().isEmpty()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertEquals(0, processes.size(), "ended after a second without a delivery");
        assertTrue(children().isEmpty(), "and gone: " + children());

        deliver("./second\n");
        long second = pid("second");
        assertNotEquals(first, second);
        processes.retireAll();
        deliver("./third\n");
        assertNotEquals(second, pid("third"));
    }

    @Test
    void beyondTheMostProcessesTheLongestIdleEndsForANewUser() throws Exception {
        processes.close();
        processes = processes(classPath, 1);
        Path other = Files.createDirectory(base.resolve("other"));
        Files.setAttribute(other, "unix:uid", (int) OTHER);
        Files.setAttribute(other, "unix:gid", (int) OTHER);
        Files.writeString(home.resolve(".qmail"), "./box\n");
        Files.writeString(other.resolve(".qmail"), "./box\n");
        assertEquals(new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+0+0\n"), deliverAgain());
        long first = pid("box");
        assertEquals(new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+0+0\n"), deliverAs(OTHER, other));
        assertEquals(1, processes.size());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(ProcessHandle.of(first).map(p -> !p.isAlive()).orElse(true), "the first user's process ended");
        assertEquals(OTHER, ServerIdentity.owner(other.resolve("box")));
    }

    private long pid(String file) throws IOException {
        String first = Files.readAllLines(home.resolve(file)).get(0);
        return Long.parseLong(first.substring(first.indexOf("pid=") + 4));
    }

    // setpriv execs java, so the child is the user process itself.
    private static List<ProcessHandle> children() {
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("java")).toList();
    }

    /** This module's class path, copied where uid 65534 can read it (the Maven repository is root's). */
    private List<Path> readableClassPath() throws IOException {
        Path dir = Files.createDirectory(base.resolve("classpath"));
        List<Path> copies = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(":")) {
            Path source = Path.of(entry);
            Path copy = dir.resolve((n++) + ".jar");
            if (Files.isDirectory(source)) {
                jar(source, copy);
            } else if (Files.isRegularFile(source)) {
                Files.copy(source, copy);
            } else {
                continue;
            }
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            copies.add(copy);
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return copies;
    }

    private static void jar(Path directory, Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(directory.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}

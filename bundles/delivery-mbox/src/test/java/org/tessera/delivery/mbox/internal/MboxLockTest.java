package org.tessera.delivery.mbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.mail.MessageContent;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

/**
 * The mbox locks against other programs in other processes: util-linux {@code flock(1)}, which takes a
 * BSD flock as qmail-local does, and python3's {@code fcntl.lockf}, a classic fcntl lock as mutt and
 * procmail take. A delivery waits while either holds the mbox, gives up after the configured wait,
 * and while it writes, both of them find the mbox locked. Without flock(1) or python3 the tests are
 * skipped, unless {@code -Dtessera.requireTools=true} (as CI runs) makes that a failure.
 */
class MboxLockTest {

    private static final String LOCKF = "import fcntl, sys, time\n"
            + "f = open(sys.argv[1], 'a')\n"
            + "try:\n"
            + "    fcntl.lockf(f, fcntl.LOCK_EX | (fcntl.LOCK_NB if sys.argv[2] == '0' else 0))\n"
            + "except OSError:\n"
            + "    sys.exit(1)\n"
            + "print('locked', flush=True)\n"
            + "time.sleep(float(sys.argv[2]))\n";
    private static final byte[] MESSAGE = "Subject: waited\n\nbody\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;

    private Path mbox;
    private MboxTarget target;
    private final List<Process> holders = new ArrayList<>();

    @BeforeEach
    void makeMbox() throws IOException {
        mbox = Files.writeString(home.resolve("Mailbox"), "");
        target = new MboxTarget();
    }

    @AfterEach
    void stopHolders() throws InterruptedException {
        for (Process holder : holders) {
            stop(holder);
        }
    }

    @Test
    void waitsWhileAnotherProcessHoldsAFlock() throws Exception {
        require("flock");
        hold(List.of("flock", "-o", mbox.toString(), "sh", "-c", "echo locked; exec sleep 2"));

        assertDeliveredAfterWaiting(Duration.ofMillis(1500));
    }

    @Test
    void waitsWhileAnotherProcessHoldsAnFcntlLock() throws Exception {
        require("python3");
        hold(List.of("python3", "-c", LOCKF, mbox.toString(), "2"));

        assertDeliveredAfterWaiting(Duration.ofMillis(1500));
    }

    @Test
    void givesUpAfterTheConfiguredWaitAndLeavesTheMboxAlone() throws Exception {
        require("flock");
        require("python3");
        target.activate(Map.of("lockWaitSeconds", 1L));

        for (List<String> holder : List.of(List.of("flock", "-o", mbox.toString(), "sh", "-c", "echo locked; exec sleep 20"),
                List.of("python3", "-c", LOCKF, mbox.toString(), "20"))) {
            Process process = hold(holder);
            long began = System.nanoTime();
            DeliveryResult result = target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(MESSAGE)));
            Duration waited = Duration.ofNanos(System.nanoTime() - began);

            assertEquals(new DeliveryResult(Outcome.TEMPORARY,
                    "File has been locked for 1 seconds straight. (#4.3.0)\n"), result, holder.get(0));
            assertTrue(waited.compareTo(Duration.ofMillis(950)) > 0 && waited.compareTo(Duration.ofSeconds(5)) < 0,
                    "waited " + waited);
            assertEquals(0, Files.size(mbox));
            stop(process);
        }
    }

    @Test
    void otherProgramsFindTheMboxLockedWhileADeliveryWrites() throws Exception {
        require("flock");
        require("python3");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        MessageContent slow = new MessageContent() {
            @Override
            public long size() {
                return MESSAGE.length;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int next;

                    @Override
                    public int read() throws IOException {
                        if (next == 0) {
                            reading.countDown();
                            try {
                                proceed.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                throw new IOException(e);
                            }
                        }
                        return next < MESSAGE.length ? MESSAGE[next++] & 0xff : -1;
                    }
                };
            }
        };
        CompletableFuture<DeliveryResult> delivery = CompletableFuture.supplyAsync(
                () -> target.deliver(TestDelivery.of(home, "./Mailbox", slow)));
        assertTrue(reading.await(10, TimeUnit.SECONDS));

        assertEquals(1, exitOf(List.of("flock", "-n", mbox.toString(), "true")), "flock(1) got the lock");
        assertEquals(1, exitOf(List.of("python3", "-c", LOCKF, mbox.toString(), "0")), "lockf got the lock");

        proceed.countDown();
        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""), delivery.get(10, TimeUnit.SECONDS));
        assertEquals(0, exitOf(List.of("flock", "-n", mbox.toString(), "true")));
        assertEquals(0, exitOf(List.of("python3", "-c", LOCKF, mbox.toString(), "0")));
        assertEquals(MboxTargetTest.headers() + "Subject: waited\n\nbody\n\n",
                Files.readString(mbox, StandardCharsets.US_ASCII));
    }

    private void assertDeliveredAfterWaiting(Duration atLeast) throws IOException {
        long began = System.nanoTime();
        DeliveryResult result = target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(MESSAGE)));
        Duration waited = Duration.ofNanos(System.nanoTime() - began);

        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""), result);
        assertTrue(waited.compareTo(atLeast) > 0, "delivered after only " + waited + " while the lock was held");
        assertEquals(MboxTargetTest.headers() + "Subject: waited\n\nbody\n\n",
                Files.readString(mbox, StandardCharsets.US_ASCII));
    }

    /** Starts a process that takes the lock and says so, and returns once it holds it. */
    private Process hold(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        holders.add(process);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine(), String.join(" ", command));
        return process;
    }

    /** Ends a holder and its child (flock -o keeps the lock in flock(1) itself, not in the sleep). */
    private static void stop(Process holder) throws InterruptedException {
        holder.descendants().forEach(ProcessHandle::destroyForcibly);
        holder.destroyForcibly();
        holder.waitFor(10, TimeUnit.SECONDS);
    }

    private static int exitOf(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish");
        }
        return process.exitValue();
    }

    private static void require(String program) throws InterruptedException {
        int exit;
        try {
            exit = exitOf(List.of("sh", "-c", "command -v " + program));
        } catch (IOException e) {
            exit = -1;
        }
        if (exit != 0) {
            String message = program + " is not installed";
            if (Boolean.getBoolean("tessera.requireTools")) {
                fail(message + " and tessera.requireTools=true");
            }
            assumeTrue(false, message);
        }
    }
}

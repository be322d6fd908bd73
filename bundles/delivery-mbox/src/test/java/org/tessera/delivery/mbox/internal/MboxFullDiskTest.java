package org.tessera.delivery.mbox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;

/**
 * An mbox on a real file system that fills: a 1 MB tmpfs mounted for each test (root only; without
 * mount permission the test is skipped, unless {@code -Dtessera.requireTools=true}, as CI runs, makes
 * that a failure). The write that finds the disk full is cut back to the mbox as it was, and the next
 * message that fits is appended right after the old mail.
 */
class MboxFullDiskTest {

    @TempDir
    Path base;

    private Path home;
    private boolean mounted;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        home = Files.createDirectory(base.resolve("fs"));
        String trouble = run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", home.toString());
        if (trouble != null) {
            String message = "cannot mount a tmpfs (needs root): " + trouble;
            if (Boolean.getBoolean("tessera.requireTools")) {
                fail(message + " and tessera.requireTools=true");
            }
            assumeTrue(false, message);
        }
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted && run("umount", home.toString()) != null) {
            run("umount", "-l", home.toString());
        }
    }

    @Test
    void aWriteThatFillsTheDiskIsCutBackToTheOldMbox() throws IOException {
        Path mbox = home.resolve("Mailbox");
        byte[] old = ("From old@example.org Thu Jan 01 00:00:00 1970\n\n" + "old mail\n".repeat(20_000) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(mbox, old);
        byte[] big = ("Subject: big\n\n" + "a line of a message too big for the disk\n".repeat(50_000))
                .getBytes(StandardCharsets.US_ASCII);
        MboxTarget target = new MboxTarget();

        DeliveryResult full = target.deliver(TestDeliveries.to(home, "./Mailbox", TestDeliveries.bytes(big)));

        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to write ./Mailbox: out of disk space. (#4.3.0)\n"),
                full);
        assertArrayEquals(old, Files.readAllBytes(mbox));

        byte[] small = "Subject: fits\n\nsmall\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""),
                target.deliver(TestDeliveries.to(home, "./Mailbox", TestDeliveries.bytes(small))));
        assertEquals(new String(old, StandardCharsets.US_ASCII) + MboxTargetTest.headers() + "Subject: fits\n\nsmall\n\n",
                Files.readString(mbox, StandardCharsets.US_ASCII));
    }

    private static String run(String... command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            output = e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? null : String.join(" ", command) + ": exit " + process.exitValue() + " " + output;
    }
}

package org.tessera.delivery.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;

/**
 * A Maildir on a real file system that fills: a 1 MB tmpfs mounted for each test (root only; without
 * mount permission the test is skipped, unless {@code -Dtessera.requireTools=true}, as CI runs, makes
 * that a failure). A message bigger than the space left fails temporarily and leaves no file behind, so
 * the next, smaller message still fits.
 */
class MaildirFullDiskTest {

    @TempDir
    Path base;

    private Path home;
    private boolean mounted;
    private MaildirTarget target;

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
        target = new MaildirTarget();
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (target != null) {
                target.deactivate();
            }
        } finally {
            if (mounted && run("umount", home.toString()) != null) {
                run("umount", "-l", home.toString());
            }
        }
    }

    @Test
    void aMessageTheDiskCannotHoldFailsTemporarilyAndLeavesNoFile() throws IOException {
        Path maildir = MaildirTargetTest.makeMaildir(home.resolve("Maildir"));
        byte[] big = new byte[2 << 20];
        java.util.Arrays.fill(big, (byte) 'x');

        DeliveryResult full = target.deliver(TestDeliveries.to(home, "./Maildir/", TestDeliveries.bytes(big)));

        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Temporary error on maildir delivery. (#4.3.0)\n"), full);
        assertEquals(List.of(), MaildirTargetTest.list(maildir.resolve("tmp")));
        assertEquals(List.of(), MaildirTargetTest.list(maildir.resolve("new")));

        byte[] small = "Subject: fits\n\nafter the big one\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Outcome.SUCCESS,
                target.deliver(TestDeliveries.to(home, "./Maildir/", TestDeliveries.bytes(small))).outcome());
        List<Path> delivered = MaildirTargetTest.list(maildir.resolve("new"));
        assertEquals(1, delivered.size());
        assertArrayEquals((TestDeliveries.RPLINE + TestDeliveries.DTLINE + new String(small, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(delivered.get(0)));
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

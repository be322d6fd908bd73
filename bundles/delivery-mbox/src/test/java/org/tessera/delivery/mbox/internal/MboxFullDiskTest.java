package org.tessera.delivery.mbox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.common.testing.SmallFileSystem;
import org.tessera.testkit.TestDelivery;
import org.tessera.testkit.TestMessage;

/**
 * An mbox on a real file system that fills or turns read-only: a 1 MB tmpfs mounted for each test
 * ({@link SmallFileSystem}). The write that finds the disk full is cut back to the mbox as it was, the
 * next message that fits is appended right after the old mail, and the big one once there is space
 * again. A read-only mbox fails temporarily with qmail's text, which names the cause.
 */
class MboxFullDiskTest {

    @TempDir
    Path base;

    private SmallFileSystem disk;
    private Path home;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        disk = SmallFileSystem.mount(Files.createDirectory(base.resolve("fs")), "1m");
        home = disk.path();
    }

    @AfterEach
    void unmount() throws Exception {
        if (disk != null) {
            disk.close();
        }
    }

    @Test
    void aWriteThatFillsTheDiskIsCutBackToTheOldMbox() throws Exception {
        Path mbox = home.resolve("Mailbox");
        byte[] old = ("From old@example.org Thu Jan 01 00:00:00 1970\n\n" + "old mail\n".repeat(20_000) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        Files.write(mbox, old);
        byte[] big = ("Subject: big\n\n" + "a line of a message too big for the disk\n".repeat(50_000))
                .getBytes(StandardCharsets.US_ASCII);
        MboxTarget target = new MboxTarget();

        DeliveryResult full = target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(big)));

        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to write ./Mailbox: out of disk space. (#4.3.0)\n"),
                full);
        assertArrayEquals(old, Files.readAllBytes(mbox));

        byte[] small = "Subject: fits\n\nsmall\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""),
                target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(small))));
        String withSmall = new String(old, StandardCharsets.US_ASCII) + MboxTargetTest.headers() + "Subject: fits\n\nsmall\n\n";
        assertEquals(withSmall, Files.readString(mbox, StandardCharsets.US_ASCII));

        disk.resize("8m");
        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""),
                target.deliver(TestDelivery.of(home, "./Mailbox", TestMessage.of(big))));
        assertEquals(withSmall + MboxTargetTest.headers() + new String(big, StandardCharsets.US_ASCII) + "\n",
                Files.readString(mbox, StandardCharsets.US_ASCII));
    }

    @Test
    void aReadOnlyMboxFailsTemporarilyAndIsLeftAsItWas() throws Exception {
        Path mbox = home.resolve("Mailbox");
        byte[] old = "From old@example.org Thu Jan 01 00:00:00 1970\n\nold mail\n\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(mbox, old);
        disk.readOnly(true);

        DeliveryResult result = new MboxTarget().deliver(TestDelivery.of(home, "./Mailbox",
                TestMessage.of("Subject: ro\n\nbody\n".getBytes(StandardCharsets.US_ASCII))));

        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to open ./Mailbox: read-only file system. (#4.2.1)\n"),
                result);
        assertArrayEquals(old, Files.readAllBytes(mbox));
    }
}

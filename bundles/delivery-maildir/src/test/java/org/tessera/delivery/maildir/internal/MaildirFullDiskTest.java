package org.tessera.delivery.maildir.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

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
 * A Maildir on a real file system that fills or turns read-only: a 1 MB tmpfs mounted for each test
 * ({@link SmallFileSystem}). A message bigger than the space left fails temporarily with qmail's text
 * and the cause, and leaves no file behind, so the next, smaller message still fits, and the big one
 * goes in once there is space again. A read-only Maildir fails temporarily, saying so.
 */
class MaildirFullDiskTest {

    private static final String QMAIL_TEXT = "Temporary error on maildir delivery. (#4.3.0)\n";

    @TempDir
    Path base;

    private SmallFileSystem disk;
    private Path home;
    private MaildirTarget target;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        disk = SmallFileSystem.mount(Files.createDirectory(base.resolve("fs")), "1m");
        home = disk.path();
        target = new MaildirTarget();
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (target != null) {
                target.deactivate();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void aMessageTheDiskCannotHoldFailsTemporarilyLeavesNoFileAndGoesInOnceThereIsSpace() throws Exception {
        Path maildir = MaildirTargetTest.makeMaildir(home.resolve("Maildir"));
        byte[] big = new byte[2 << 20];
        Arrays.fill(big, (byte) 'x');

        DeliveryResult full = target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(big)));

        assertEquals(Outcome.TEMPORARY, full.outcome());
        assertTrue(full.text().matches(Pattern.quote(QMAIL_TEXT + "cannot write ./Maildir/tmp/") + "\\S+: out of disk space\n"),
                full.text());
        assertEquals(List.of(), MaildirTargetTest.list(maildir.resolve("tmp")));
        assertEquals(List.of(), MaildirTargetTest.list(maildir.resolve("new")));

        byte[] small = "Subject: fits\n\nafter the big one\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Outcome.SUCCESS,
                target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(small))).outcome());
        List<Path> delivered = MaildirTargetTest.list(maildir.resolve("new"));
        assertEquals(1, delivered.size());
        assertArrayEquals((TestDelivery.RPLINE + TestDelivery.DTLINE + new String(small, StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(delivered.get(0)));

        disk.resize("4m");
        assertEquals(Outcome.SUCCESS,
                target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(big))).outcome());
        assertEquals(2, MaildirTargetTest.list(maildir.resolve("new")).size());
        assertEquals(List.of(), MaildirTargetTest.list(maildir.resolve("tmp")));
    }

    @Test
    void aReadOnlyMaildirFailsTemporarilySayingSo() throws Exception {
        Path maildir = MaildirTargetTest.makeMaildir(home.resolve("Maildir"));
        byte[] message = "Subject: ro\n\nbody\n".getBytes(StandardCharsets.US_ASCII);
        disk.readOnly(true);

        DeliveryResult result = target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(message)));

        assertEquals(new DeliveryResult(Outcome.TEMPORARY,
                QMAIL_TEXT + "cannot create a file in ./Maildir/tmp: read-only file system\n"), result);
        disk.readOnly(false);
        assertEquals(Outcome.SUCCESS,
                target.deliver(TestDelivery.of(home, "./Maildir/", TestMessage.of(message))).outcome());
        assertEquals(1, MaildirTargetTest.list(maildir.resolve("new")).size());
    }
}

package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;

/** A home, a message and the four built-in kinds as recording targets, for the qmail-local tests. */
final class LocalFixture {

    static final Instant EPOCH = Instant.EPOCH;
    static final MailAddress SENDER = new MailAddress("sender", "example.org");
    static final String MESSAGE = "Received: from x\nSubject: hi\n\nbody\n";

    final Path home;
    final FileContent content;
    final Map<String, DeliveryTarget> targets = new HashMap<>();
    final RecordingTarget maildir = RecordingTarget.answering(DeliveryTarget.MAILDIR, DeliveryResult.Outcome.SUCCESS, "");
    final RecordingTarget mbox = RecordingTarget.answering(DeliveryTarget.MBOX, DeliveryResult.Outcome.SUCCESS, "");
    final RecordingTarget program = RecordingTarget.answering(DeliveryTarget.PROGRAM, DeliveryResult.Outcome.SUCCESS, "");
    final RecordingTarget forward = RecordingTarget.answering(DeliveryTarget.FORWARD, DeliveryResult.Outcome.SUCCESS,
            "qp 4711\n");
    String defaultDelivery = "./Maildir/";

    LocalFixture(Path dir) throws IOException {
        home = Files.createDirectory(dir.resolve("home"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        content = FileContent.write(dir.resolve("message"), MESSAGE);
        for (RecordingTarget target : List.of(maildir, mbox, program, forward)) {
            targets.put(target.kind, target);
        }
    }

    MailUser user(String dash, String ext) {
        return new MailUser("joe", 507, 100, home.toString(), dash, ext);
    }

    DeliveryReport deliver(MailUser user, String local, String host, MailAddress sender) {
        QmailLocal local1 = new QmailLocal(kind -> Optional.ofNullable(targets.get(kind)),
                Clock.fixed(EPOCH, ZoneOffset.UTC));
        return local1.deliver(new QmailLocal.Request(42, user, new MailAddress(local, host), sender, defaultDelivery,
                content));
    }

    /** joe-EXT@example.com with dash "-". */
    DeliveryReport deliverExt(String ext) {
        return deliver(user("-", ext), "joe-" + ext, "example.com", SENDER);
    }

    Path file(String name, String text) throws IOException {
        Path file = home.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    static void chmod(Path file, String mode) throws IOException, InterruptedException {
        // chmod(1), since Java's posix view cannot set the sticky bit.
        Process process = new ProcessBuilder("chmod", mode, file.toString()).inheritIO().start();
        process.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, process.exitValue());
    }

    static DeliveryReport temporary(String text) {
        return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, text);
    }

    static DeliveryReport permanent(String text) {
        return new DeliveryReport(DeliveryReport.Outcome.PERMANENT, text);
    }

    static DeliveryReport success(String text) {
        return new DeliveryReport(DeliveryReport.Outcome.SUCCESS, text);
    }
}

package org.tessera.maillog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.maillog.MailLogLine.Kind;
import org.tessera.common.testing.SmallFileSystem;

/**
 * The mail log on a real file system that fills ({@link SmallFileSystem}): the server's writes go on
 * without an exception, no part of a line that did not fit stays in {@code current}, and as soon as a
 * line fits again it is preceded by how many lines and bytes were lost, since when and why.
 */
class MailLogFullDiskTest {

    @TempDir
    Path base;

    private SmallFileSystem disk;
    private MailLogService service;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        disk = SmallFileSystem.mount(Files.createDirectory(base.resolve("fs")), "256k");
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (service != null) {
                service.deactivate();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void linesThatDoNotFitAreCutOffCountedAndReportedWhenSpaceReturns() throws Exception {
        service = new MailLogService();
        service.activate(Converters.standardConverter()
                .convert(Map.of("home", disk.path().toString(), "size", 16777215L)).to(MailLogServiceConfiguration.class));
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        service.write(new MailLogLine(t0, Kind.STATUS, "status: local 0/10 remote 0/20"));
        Path filler = fill(disk.path().resolve("filler"));

        // Longer than what is left of current's last page: the write takes that much, fails, and is cut off.
        String big = "x".repeat(10_000);
        service.write(new MailLogLine(t0.plusSeconds(1), Kind.NEW_MESSAGE, "new msg " + big));
        assertEquals(List.of(Tai64n.label(t0) + " status: local 0/10 remote 0/20"),
                Files.readAllLines(disk.path().resolve("log/current")));

        // The notice fits in that page, the next big line does not.
        String bigger = "y".repeat(12_000);
        service.write(new MailLogLine(t0.plusSeconds(2), Kind.NEW_MESSAGE, "new msg " + bigger));
        Files.delete(filler);
        service.write(new MailLogLine(t0.plusSeconds(3), Kind.END_MESSAGE, "end msg 1"));

        List<String> lines = Files.readAllLines(disk.path().resolve("log/current"));
        assertEquals(4, lines.size(), lines.toString());
        assertLoss(lines.get(1), MultilogWriter.record(Tai64n.label(t0), "new msg " + big).length, t0.plusSeconds(1));
        assertLoss(lines.get(2), MultilogWriter.record(Tai64n.label(t0), "new msg " + bigger).length, t0.plusSeconds(2));
        assertEquals(Tai64n.label(t0.plusSeconds(3)) + " end msg 1", lines.get(3));
    }

    private static void assertLoss(String line, long bytes, Instant since) {
        String notice = line.substring(Tai64n.LENGTH + 1);
        assertTrue(notice.startsWith("warning: 1 mail-log lines (" + bytes + " bytes) lost from " + since + " to "), notice);
        assertTrue(notice.endsWith(": the mail log could not be written (out of disk space)"), notice);
    }

    /** Writes {@code file} until the file system is full. */
    private static Path fill(Path file) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(file)) {
            assertThrows(IOException.class, () -> {
                for (int i = 0; i < 1 << 20; i++) {
                    out.write(chunk);
                }
            });
        } catch (IOException full) {
            // closing flushes nothing more: the stream wrote straight through
        }
        return file;
    }
}

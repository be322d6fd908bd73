package org.tessera.maillog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.api.maillog.MailLogLine.Kind;
import org.tessera.common.maillog.MailLogBuffer;

class MailLogServiceTest {

    @TempDir
    Path home;

    @Test
    void linesWrittenBeforeTheServiceAndWhileItIsUpdatedAreWrittenWithTheirTimes() throws IOException {
        Instant boot = Instant.parse("2026-12-07T10:00:00Z");
        MailLogBuffer queueSide = new MailLogBuffer(Clock.fixed(boot, ZoneOffset.UTC));
        queueSide.write(Kind.STATUS, "status: local 0/10 remote 0/20");

        MailLogService service = activated();
        queueSide.bind(service);
        queueSide.write(new MailLogLine(boot.plusSeconds(1), Kind.NEW_MESSAGE, "new msg 42"));
        queueSide.unbind(service);
        service.deactivate();
        queueSide.write(new MailLogLine(boot.plusSeconds(2), Kind.END_MESSAGE, "end msg 42"));

        MailLogService updated = activated();
        queueSide.bind(updated);
        updated.deactivate();

        List<String> lines = Files.readAllLines(home.resolve("log/current"));
        assertEquals(List.of(Tai64n.label(boot) + " status: local 0/10 remote 0/20",
                Tai64n.label(boot.plusSeconds(1)) + " new msg 42", Tai64n.label(boot.plusSeconds(2)) + " end msg 42"),
                lines);
    }

    @Test
    void beyondTheWaitingLinesTheOldestGoAndTheirCountIsWrittenFirst() throws IOException {
        MailLogBuffer buffer = new MailLogBuffer(Clock.systemUTC());
        for (int i = 0; i < MailLogBuffer.WAITING + 2; i++) {
            buffer.write(Kind.STATUS, "line " + i);
        }
        MailLogService service = activated();
        buffer.bind(service);
        service.deactivate();

        List<String> lines = Files.readAllLines(home.resolve("log/current"));
        assertEquals(MailLogBuffer.WAITING + 1, lines.size());
        assertTrue(lines.get(0).endsWith(" warning: 2 mail-log lines lost while the mail log was not running"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(" line 2"), lines.get(1));
    }

    // The largest current multilog keeps, so that no rotation splits what a test reads back.
    private MailLogService activated() throws IOException {
        MailLogService service = new MailLogService();
        service.activate(Converters.standardConverter().convert(Map.of("home", home.toString(), "size", 16777215L))
                .to(MailLogServiceConfiguration.class));
        return service;
    }
}

package org.tessera.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;
import org.tessera.api.queue.QueuedRecipient.State;

class QueueShapeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    // Padded to the widest domain, example.com.
    private static final String HEADER =
            "                 T      5     10     20     40     80    160    320    640   1280  1280+";

    @Test
    void agesFallIntoQshapesBuckets() {
        assertEquals(0, QueueShape.bucket(Duration.ofSeconds(299)));
        assertEquals(1, QueueShape.bucket(Duration.ofMinutes(5)));
        assertEquals(3, QueueShape.bucket(Duration.ofMinutes(30)));
        assertEquals(8, QueueShape.bucket(Duration.ofMinutes(1279)));
        assertEquals(9, QueueShape.bucket(Duration.ofMinutes(1280)));
        assertEquals(9, QueueShape.bucket(Duration.ofDays(6)));
    }

    @Test
    void recipientsStillToDeliverByDomainAndAgeTheBiggestFirst() {
        List<QueuedMessage> queue = List.of(
                message(1, Duration.ofMinutes(3), recipient("a@example.com", State.PENDING, ""),
                        recipient("b@Example.COM", State.DELIVERING, "connect to mx timed out"),
                        recipient("c@other.test", State.DELIVERED, "ok")),
                message(2, Duration.ofMinutes(30), recipient("x@other.test", State.PENDING, "451 greylisted"),
                        recipient("y@busy.test", State.PENDING, ""), recipient("z@busy.test", State.PENDING, ""),
                        recipient("w@busy.test", State.FAILED, "550 no such user")));
        assertEquals(List.of(HEADER,
                "TOTAL            5      2      0      0      3      0      0      0      0      0      0",
                "busy.test        2      0      0      0      2      0      0      0      0      0      0",
                "example.com      2      2      0      0      0      0      0      0      0      0      0",
                "other.test       1      0      0      0      1      0      0      0      0      0      0"),
                QueueShape.table(queue, NOW, false, 20));
        assertEquals(List.of(HEADER,
                "TOTAL            2      1      0      0      1      0      0      0      0      0      0",
                "example.com      1      1      0      0      0      0      0      0      0      0      0"),
                QueueShape.table(queue, NOW, true, 1));
    }

    private static QueuedMessage message(long id, Duration age, QueuedRecipient... recipients) {
        return new QueuedMessage(id, NOW.minus(age), 100, MailAddress.parse("s@example.org"), id, 0,
                List.of(recipients));
    }

    private static QueuedRecipient recipient(String address, State state, String report) {
        return new QueuedRecipient(MailAddress.parse(address), Channel.REMOTE, state, NOW, report);
    }
}

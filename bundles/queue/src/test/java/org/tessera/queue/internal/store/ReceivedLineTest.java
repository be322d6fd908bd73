package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.Origin;

class ReceivedLineTest {

    private static final Instant WHEN = Instant.parse("2024-01-05T03:04:05Z");

    @Test
    void wordsFollowTheOrigin() {
        assertEquals("Received: (qmail 123 invoked from network); 5 Jan 2024 03:04:05 -0000\n",
                ReceivedLine.of(123, Origin.NETWORK, WHEN));
        assertEquals("Received: (qmail 7 invoked for bounce); 5 Jan 2024 03:04:05 -0000\n",
                ReceivedLine.of(7, Origin.BOUNCE, WHEN));
        assertEquals("Received: (qmail 7 invoked by alias); 5 Jan 2024 03:04:05 -0000\n",
                ReceivedLine.of(7, new Origin(Origin.Kind.ALIAS, 7790), WHEN));
        assertEquals("Received: (qmail 7 invoked by uid 1005); 5 Jan 2024 03:04:05 -0000\n",
                ReceivedLine.of(7, new Origin(Origin.Kind.USER, 1005), WHEN));
    }

    @Test
    void dateIsUtcWithTwoDigitDaysAsIs() {
        assertEquals("Received: (qmail 1 invoked from network); 31 Dec 2023 23:59:59 -0000\n",
                ReceivedLine.of(1, Origin.NETWORK, Instant.parse("2023-12-31T23:59:59Z")));
    }
}

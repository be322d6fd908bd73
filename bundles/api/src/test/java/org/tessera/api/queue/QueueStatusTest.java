package org.tessera.api.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class QueueStatusTest {

    @Test
    void runningMayExceedALoweredLimit() {
        assertEquals(12, new QueueStatus(false, 30, 2, 12, 10, 0, 20, 0).localRunning());
    }

    @Test
    void refusesNegativeCounts() {
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, -1, 0, 0, 10, 0, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, 1, -1, 0, 10, 0, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, 1, 0, -1, 10, 0, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, 1, 0, 0, -1, 0, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, 1, 0, 0, 10, -1, 20, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, 1, 0, 0, 10, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(false, 1, 0, 0, 10, 0, 20, -1));
    }

    @Test
    void notPreprocessedIsPartOfTheMessages() {
        assertThrows(IllegalArgumentException.class, () -> new QueueStatus(true, 3, 4, 0, 10, 0, 20, 0));
    }
}

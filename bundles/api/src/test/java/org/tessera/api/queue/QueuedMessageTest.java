package org.tessera.api.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.QueuedRecipient.State;

class QueuedMessageTest {

    private static final Instant T = Instant.ofEpochSecond(1_700_000_000L);
    private static final MailAddress JOE = new MailAddress("joe", "example.com");
    private static final QueuedRecipient R = new QueuedRecipient(JOE, Channel.REMOTE, State.PENDING, T, "");

    @Test
    void copiesRecipients() {
        List<QueuedRecipient> list = new ArrayList<>(List.of(R));
        QueuedMessage m = new QueuedMessage(5, T, 100, MailAddress.NULL_SENDER, 9, 0, list);
        list.clear();
        assertEquals(List.of(R), m.recipients());
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new QueuedMessage(5, null, 100, JOE, 9, 0, List.of()));
        assertThrows(NullPointerException.class, () -> new QueuedMessage(5, T, 100, null, 9, 0, List.of()));
        assertThrows(NullPointerException.class, () -> new QueuedMessage(5, T, 100, JOE, 9, 0, null));
        assertThrows(NullPointerException.class,
                () -> new QueuedMessage(5, T, 100, JOE, 9, 0, Arrays.asList(R, null)));
    }

    @Test
    void refusesNumbersOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new QueuedMessage(0, T, 100, JOE, 9, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new QueuedMessage(5, T, -1, JOE, 9, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new QueuedMessage(5, T, 100, JOE, 0, 0, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new QueuedMessage(5, T, 100, JOE, 9, -1, List.of()));
    }

    @Test
    void recipientRefusesNulls() {
        assertThrows(NullPointerException.class, () -> new QueuedRecipient(null, Channel.LOCAL, State.PENDING, T, ""));
        assertThrows(NullPointerException.class, () -> new QueuedRecipient(JOE, null, State.PENDING, T, ""));
        assertThrows(NullPointerException.class, () -> new QueuedRecipient(JOE, Channel.LOCAL, null, T, ""));
        assertThrows(NullPointerException.class, () -> new QueuedRecipient(JOE, Channel.LOCAL, State.FAILED, null, ""));
        assertThrows(NullPointerException.class, () -> new QueuedRecipient(JOE, Channel.LOCAL, State.FAILED, T, null));
    }
}

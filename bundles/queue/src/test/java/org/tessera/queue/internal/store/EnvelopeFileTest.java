package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.QueuedRecipient.State;

class EnvelopeFileTest {

    private static final Envelope ENVELOPE = new Envelope(MailAddress.NULL_SENDER,
            List.of(new MailAddress("u@evil.test", "example.com"), new MailAddress("joe", ""), new MailAddress("", "trash.test")));
    private static final Instant BIRTH = Instant.ofEpochMilli(1_700_000_000_123L);

    @Test
    void envelopeRecordsAreQmailsPlusTimeAndSize() {
        String expected = "u89\0p5\0t1700000000123\0s42\0F\0Tu@evil.test@example.com\0Tjoe\0T@trash.test\0\0";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), EnvelopeFile.encode(89, 5, BIRTH, 42, ENVELOPE));
    }

    @Test
    void roundTripWithStatesLastOneWins() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(EnvelopeFile.encode(89, 5, BIRTH, 42, ENVELOPE));
        file.writeBytes(EnvelopeFile.state(1, State.PENDING, "Sorry, I wasn't able to establish an SMTP connection."));
        file.writeBytes(EnvelopeFile.state(1, State.DELIVERED, ""));
        file.writeBytes(EnvelopeFile.state(2, State.FAILED, "no mailbox\0here"));
        StoredMessage message = EnvelopeFile.decode(9, file.toByteArray());
        assertEquals(ENVELOPE, message.envelope());
        assertEquals(List.of(State.PENDING, State.DELIVERED, State.FAILED), message.states());
        assertEquals(List.of("", "", "no mailbox_here"), message.reports());
        assertEquals(89, message.uid());
        assertEquals(5, message.qp());
        assertEquals(42, message.size());
        assertEquals(BIRTH, message.birth());
    }

    @Test
    void tornStateRecordIsIgnoredAndTornEnvelopeRejected() throws IOException {
        byte[] envelope = EnvelopeFile.encode(1, 1, BIRTH, 0, ENVELOPE);
        byte[] torn = Arrays.copyOf(envelope, envelope.length + 3);
        torn[envelope.length] = 'K';
        torn[envelope.length + 1] = '0';
        torn[envelope.length + 2] = '1';
        assertEquals(envelope.length, EnvelopeFile.completeLength(torn));
        assertEquals(List.of(State.PENDING, State.PENDING, State.PENDING), EnvelopeFile.decode(1, torn).states());
        assertThrows(IOException.class, () -> EnvelopeFile.decode(1, Arrays.copyOf(envelope, envelope.length - 1)));
    }

    @Test
    void addressLimitIs1002Bytes() {
        assertEquals(false, EnvelopeFile.tooLong(new Envelope(new MailAddress("x".repeat(1002), ""), List.of())));
        assertEquals(true, EnvelopeFile.tooLong(new Envelope(new MailAddress("x".repeat(1003), ""), List.of())));
        assertEquals(true, EnvelopeFile.tooLong(new Envelope(MailAddress.NULL_SENDER,
                List.of(new MailAddress("é".repeat(500), "ab")))));
    }
}

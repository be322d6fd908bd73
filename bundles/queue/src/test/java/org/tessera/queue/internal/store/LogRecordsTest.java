package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.QueuedRecipient.State;

/** The queue log's records: what decoding refuses as damage, and what it reads back. */
class LogRecordsTest {

    // An M record's head up to its recipient count: id qp uid birth size, inline, the sender.
    private static ByteBuffer messageHead(int recipientCount) {
        byte[] sender = "a@b.test".getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(256).put(LogRecords.MESSAGE).putLong(7).putLong(99).putLong(0).putLong(0).putLong(0)
                .put((byte) 0).putInt(sender.length).put(sender).putInt(recipientCount);
    }

    @Test
    void aRecipientCountTheBodyCannotHoldIsDamageNotAnAllocation() {
        ByteBuffer body = messageHead(Integer.MAX_VALUE - 16);
        byte[] bytes = new byte[body.position()];
        body.flip().get(bytes);
        IOException damage = assertThrows(IOException.class, () -> LogRecords.decode(bytes));
        assertEquals("message 7 claims 2147483631 recipients in 0 bytes", damage.getMessage());
    }

    @Test
    void aNegativeRecipientCountIsDamage() {
        ByteBuffer body = messageHead(-1);
        byte[] bytes = new byte[body.position()];
        body.flip().get(bytes);
        assertThrows(IOException.class, () -> LogRecords.decode(bytes));
    }

    @Test
    void aMessageRecordStillDecodes() throws IOException {
        Envelope envelope = new Envelope(new MailAddress("a", "b.test"), List.of(new MailAddress("c", "d.test")));
        StoredMessage message = new StoredMessage(7, 99, 0, Instant.ofEpochMilli(0), 0, envelope,
                List.of(State.PENDING), List.of(""), List.of(0L));
        ByteBuffer[] frame = LogRecords.message(message, false, new byte[0], 0);
        ByteBuffer whole = ByteBuffer.allocate(Math.toIntExact(Arrays.stream(frame).mapToLong(ByteBuffer::remaining).sum()));
        for (ByteBuffer part : frame) {
            whole.put(part);
        }
        byte[] body = Arrays.copyOfRange(whole.array(), LogRecords.HEADER, whole.position());
        assertEquals(envelope, LogRecords.decode(body).message().envelope());
    }
}

package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Any body a frame of the queue log may hold once its CRC is passed (a writer's bug, a collision): it
 * decodes into a record or is refused with an {@link IOException}, which recovery treats as damage,
 * never with another exception or an allocation the body cannot back.
 */
class LogRecordsFuzzTest {

    @FuzzTest
    void recordBody(byte[] body) {
        try {
            LogRecords.Decoded record = LogRecords.decode(body);
            if (record.type() == LogRecords.MESSAGE) {
                StoredMessage message = record.message();
                assertEquals(message.envelope().recipients().size(), message.states().size());
            }
        } catch (IOException damaged) {
            // recovery's answer to a record it cannot read
        }
    }
}

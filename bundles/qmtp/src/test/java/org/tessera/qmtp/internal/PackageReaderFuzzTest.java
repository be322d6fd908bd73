package org.tessera.qmtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * QMTP and QMQP packages from a hostile client, fed to the readers whole and in pieces of a fuzzed
 * size: the readers must tell the same story either way, never hand on more message or address
 * bytes than the netstrings declared, and always make progress.
 */
class PackageReaderFuzzTest {

    private static final int QMTP_RECIPIENT_LIMIT = QmtpReader.ADDRESS_LIMIT - "RELAYCLIENT".length();

    @FuzzTest
    void qmtpPackages(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();
        assertEquals(readQmtp(input, input.length), readQmtp(input, piece));
    }

    @FuzzTest
    void qmqpPackage(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();
        assertEquals(readQmqp(input, input.length), readQmqp(input, piece));
    }

    // As QmtpSession reads: packages one after the other on one connection, until one fails.
    private static List<String> readQmtp(byte[] input, int piece) {
        CheckedEvents events = new CheckedEvents(QMTP_RECIPIENT_LIMIT);
        QmtpReader reader = new QmtpReader(events, QMTP_RECIPIENT_LIMIT);
        int at = 0;
        while (at < input.length) {
            int to = Math.min(input.length, at + piece);
            int stopped = reader.feed(input, at, to);
            assertTrue(stopped > at && stopped <= to || reader.status() != ReadStatus.READING,
                    "a reader that is still reading consumes at least one byte of what it is given");
            at = stopped;
            if (reader.status() == ReadStatus.PACKAGE_DONE) {
                reader.next();
            } else if (reader.status() != ReadStatus.READING) {
                break;
            }
        }
        events.trace.add("status " + reader.status() + " at " + at);
        return events.trace;
    }

    private static List<String> readQmqp(byte[] input, int piece) {
        CheckedEvents events = new CheckedEvents(QmqpReader.ADDRESS_LIMIT);
        QmqpReader reader = new QmqpReader(events);
        int at = 0;
        while (at < input.length && reader.status() == ReadStatus.READING) {
            int to = Math.min(input.length, at + piece);
            int stopped = reader.feed(input, at, to);
            assertTrue(stopped > at && stopped <= to || reader.status() != ReadStatus.READING,
                    "a reader that is still reading consumes at least one byte of what it is given");
            at = stopped;
        }
        events.trace.add("status " + reader.status() + " at " + at);
        return events.trace;
    }

    /** Records what a reader found, checking each event against the netstrings' declared lengths. */
    private static final class CheckedEvents implements PackageEvents {
        final List<String> trace = new ArrayList<>();
        private final int addressLimit;
        private long declared = -1;
        private long messageBytes;
        private int messageHash = 1;

        CheckedEvents(int addressLimit) {
            this.addressLimit = addressLimit;
        }

        @Override
        public void messageStarts(long length) {
            assertEquals(-1, declared, "a message starts only after the previous one ended");
            assertTrue(length >= 0 && length <= NetstringLength.LIMIT * 10 + 9, "declared length " + length);
            declared = length;
            messageBytes = 0;
            messageHash = 1;
        }

        @Override
        public void messageBytes(byte[] bytes, int from, int to) {
            assertTrue(declared >= 0, "message bytes come between start and end");
            assertTrue(0 <= from && from <= to && to <= bytes.length, "a valid range");
            messageBytes += to - from;
            assertTrue(messageBytes <= declared, "no more message bytes than the netstring declared");
            for (int i = from; i < to; i++) {
                messageHash = 31 * messageHash + bytes[i];
            }
        }

        @Override
        public void messageEnds() {
            assertTrue(declared >= 0, "a message ends after it started");
            trace.add("message " + declared + " " + messageBytes + " " + messageHash);
            declared = -1;
        }

        @Override
        public void sender(byte[] sender) {
            address("sender", sender);
        }

        @Override
        public void recipient(byte[] recipient) {
            address("rcpt", recipient);
        }

        private void address(String kind, byte[] address) {
            assertEquals(-1, declared, "addresses come after the message");
            assertTrue(address == null || address.length < addressLimit, "an address kept is under the limit");
            trace.add(kind + " " + (address == null ? "skipped" : address.length + " " + Arrays.hashCode(address)));
        }

        @Override
        public void packageEnds() {
            trace.add("end");
        }
    }
}

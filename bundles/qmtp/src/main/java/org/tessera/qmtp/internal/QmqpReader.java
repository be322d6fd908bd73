package org.tessera.qmtp.internal;

import java.io.ByteArrayOutputStream;

/**
 * Reads a QMQP package (cr.yp.to/proto/qmqp.html) from bytes as they arrive, as qmail-qmqpd reads it: one
 * netstring holding {@code netstring(message) netstring(sender) netstring(recipient)...}. The
 * outer length bounds every read inside it: a byte past it, or a missing comma, is a protocol
 * error. The message goes to the events as it comes, verbatim; one address at a time is held.
 */
final class QmqpReader {

    /** Addresses of this many bytes or more are skipped and refused. */
    static final int ADDRESS_LIMIT = 1000;
    // qmail-qmqpd reads the outer length with this many bytes at most.
    private static final int OUTER_LENGTH_BYTES = 100;

    private enum State { OUTER_LENGTH, M_LENGTH, M_BODY, M_COMMA, A_LENGTH, A_BODY, A_COMMA, OUTER_COMMA, DONE, FAILED }

    private final PackageEvents events;
    private final NetstringLength length = new NetstringLength();
    private State state = State.OUTER_LENGTH;
    private ReadStatus status = ReadStatus.READING;
    private long left = OUTER_LENGTH_BYTES;
    private long remaining;
    private boolean senderRead;
    private ByteArrayOutputStream address;

    QmqpReader(PackageEvents events) {
        this.events = events;
    }

    ReadStatus status() {
        return status;
    }

    /** Whether no byte has been read yet. */
    boolean untouched() {
        return state == State.OUTER_LENGTH && left == OUTER_LENGTH_BYTES;
    }

    /**
     * Reads from {@code bytes[from..to)} until the package ends, the bytes run out, or the input is bad.
     *
     * @return the index of the first byte not read
     */
    int feed(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to && status == ReadStatus.READING) {
            if (state != State.OUTER_COMMA && left == 0) {
                fail(ReadStatus.BAD_PROTOCOL);
                break;
            }
            if (state == State.M_BODY) {
                int n = (int) Math.min(to - at, remaining);
                events.messageBytes(bytes, at, at + n);
                at += n;
                left -= n;
                remaining -= n;
                if (remaining == 0) {
                    events.messageEnds();
                    state = State.M_COMMA;
                }
                continue;
            }
            byte b = bytes[at++];
            left--;
            switch (state) {
                case OUTER_LENGTH -> {
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        left = l;
                        state = State.M_LENGTH;
                    }
                }
                case M_LENGTH -> {
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        if (l > left) {
                            fail(ReadStatus.BAD_PROTOCOL);
                        } else {
                            remaining = l;
                            events.messageStarts(l);
                            state = State.M_BODY;
                            if (l == 0) {
                                events.messageEnds();
                                state = State.M_COMMA;
                            }
                        }
                    }
                }
                case M_COMMA -> comma(b, State.A_LENGTH);
                case A_LENGTH -> {
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        remaining = l;
                        address = l >= ADDRESS_LIMIT ? null : new ByteArrayOutputStream(l.intValue());
                        state = l == 0 ? State.A_COMMA : State.A_BODY;
                    }
                }
                case A_BODY -> {
                    if (address != null) {
                        address.write(b);
                    }
                    if (--remaining == 0) {
                        state = State.A_COMMA;
                    }
                }
                case A_COMMA -> {
                    if (comma(b, left > 0 ? State.A_LENGTH : State.OUTER_COMMA)) {
                        byte[] read = address == null ? null : address.toByteArray();
                        if (senderRead) {
                            events.recipient(read);
                        } else {
                            senderRead = true;
                            events.sender(read);
                        }
                    }
                }
                case OUTER_COMMA -> {
                    if (comma(b, State.DONE)) {
                        status = ReadStatus.PACKAGE_DONE;
                        events.packageEnds();
                    }
                }
                default -> throw new IllegalStateException("read in state " + state);
            }
        }
        return at;
    }

    private boolean comma(byte b, State next) {
        if (b != ',') {
            fail(ReadStatus.BAD_PROTOCOL);
            return false;
        }
        state = next;
        return true;
    }

    private void fail(ReadStatus why) {
        state = State.FAILED;
        status = why;
    }
}

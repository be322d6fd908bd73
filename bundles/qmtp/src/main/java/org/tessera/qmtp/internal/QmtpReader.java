package org.tessera.qmtp.internal;

import java.io.ByteArrayOutputStream;

/**
 * Reads QMTP packages (cr.yp.to/proto/qmtp.txt) from bytes as they arrive, as qmail-qmtpd reads them:
 * {@code netstring(M) netstring(S) netstring(R)}, where M's first byte says the line ends (LF:
 * copied as they are; CR: each CR LF becomes LF, other CRs stay), and R holds the recipients'
 * netstrings. Nothing is held but one address at a time: the message goes to the events as it comes.
 */
final class QmtpReader {

    /** Senders of this many bytes or more are skipped and refused. */
    static final int ADDRESS_LIMIT = 1000;

    private enum State {
        M_LENGTH, M_FLAG, M_BODY, M_COMMA, S_LENGTH, S_BODY, S_COMMA, R_LENGTH, ITEM_LENGTH, ITEM_BODY, ITEM_COMMA,
        R_COMMA, DONE, FAILED
    }

    private final PackageEvents events;
    private final int recipientLimit;
    private final NetstringLength length = new NetstringLength();
    private State state = State.M_LENGTH;
    private ReadStatus status = ReadStatus.READING;
    private boolean digitsSeen;
    private long remaining;
    private boolean crlf;
    private boolean pendingCr;
    private long recipientsLeft;
    private ByteArrayOutputStream address;

    /**
     * @param events told what is read
     * @param recipientLimit recipients of this many bytes or more are skipped (qmail: 1000 less
     *        the length of {@code RELAYCLIENT}, which is appended to each)
     */
    QmtpReader(PackageEvents events, int recipientLimit) {
        this.events = events;
        this.recipientLimit = recipientLimit;
    }

    ReadStatus status() {
        return status;
    }

    /** Whether no byte of a package has been read yet (EOF here ends the session cleanly). */
    boolean betweenPackages() {
        return state == State.M_LENGTH && !digitsSeen;
    }

    /** After {@link ReadStatus#PACKAGE_DONE}: ready for the next package. */
    void next() {
        state = State.M_LENGTH;
        status = ReadStatus.READING;
        digitsSeen = false;
    }

    /**
     * Reads from {@code bytes[from..to)} until the package ends, the bytes run out, or the input is bad.
     *
     * @return the index of the first byte not read
     */
    int feed(byte[] bytes, int from, int to) {
        int at = from;
        while (at < to && status == ReadStatus.READING) {
            if (state == State.M_BODY) {
                at = body(bytes, at, to);
                continue;
            }
            byte b = bytes[at++];
            switch (state) {
                case M_LENGTH -> {
                    digitsSeen = true;
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        if (l == 0) {
                            fail(ReadStatus.BAD_PROTOCOL);
                        } else {
                            remaining = l - 1;
                            state = State.M_FLAG;
                        }
                    }
                }
                case M_FLAG -> {
                    if (b != '\n' && b != '\r') {
                        fail(ReadStatus.BAD_PROTOCOL);
                    } else {
                        crlf = b == '\r';
                        pendingCr = false;
                        events.messageStarts(remaining);
                        state = State.M_BODY;
                        if (remaining == 0) {
                            endMessage();
                        }
                    }
                }
                case M_COMMA -> comma(b, State.S_LENGTH);
                case S_LENGTH -> {
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        startAddress(l, ADDRESS_LIMIT, State.S_BODY);
                        if (remaining == 0) {
                            state = State.S_COMMA;
                        }
                    }
                }
                case S_BODY -> addressByte(b, State.S_COMMA);
                case S_COMMA -> {
                    if (comma(b, State.R_LENGTH)) {
                        events.sender(address == null ? null : address.toByteArray());
                    }
                }
                case R_LENGTH -> {
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        recipientsLeft = l;
                        state = l == 0 ? State.R_COMMA : State.ITEM_LENGTH;
                    }
                }
                case ITEM_LENGTH -> {
                    // qmail-qmtpd: every byte of the recipients counts against R's length.
                    recipientsLeft--;
                    Long l = length.next(b, this::fail);
                    if (l != null) {
                        if (l >= recipientsLeft) {
                            fail(ReadStatus.BAD_PROTOCOL);
                        } else {
                            recipientsLeft -= l + 1;
                            startAddress(l, recipientLimit, State.ITEM_BODY);
                            if (remaining == 0) {
                                state = State.ITEM_COMMA;
                            }
                        }
                    } else if (recipientsLeft == 0 && state == State.ITEM_LENGTH) {
                        fail(ReadStatus.BAD_PROTOCOL);
                    }
                }
                case ITEM_BODY -> addressByte(b, State.ITEM_COMMA);
                case ITEM_COMMA -> {
                    if (comma(b, recipientsLeft > 0 ? State.ITEM_LENGTH : State.R_COMMA)) {
                        events.recipient(address == null ? null : address.toByteArray());
                    }
                }
                case R_COMMA -> {
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

    // The message's bytes, a run at a time; in CR mode qmail's loop: CR LF -> LF, any other CR kept.
    private int body(byte[] bytes, int from, int to) {
        int n = (int) Math.min(to - from, remaining);
        if (!crlf) {
            events.messageBytes(bytes, from, from + n);
        } else {
            byte[] out = new byte[n + 1];
            int w = 0;
            for (int i = from; i < from + n; i++) {
                byte b = bytes[i];
                boolean last = remaining - (i - from) == 1;
                if (pendingCr) {
                    if (b == '\n') {
                        out[w++] = '\n';
                        pendingCr = false;
                        continue;
                    }
                    out[w++] = '\r';
                    pendingCr = false;
                }
                if (b == '\r' && !last) {
                    pendingCr = true;
                } else {
                    out[w++] = b;
                }
            }
            events.messageBytes(out, 0, w);
        }
        remaining -= n;
        if (remaining == 0) {
            endMessage();
        }
        return from + n;
    }

    private void endMessage() {
        events.messageEnds();
        state = State.M_COMMA;
    }

    private void startAddress(long l, int limit, State body) {
        remaining = l;
        address = l >= limit ? null : new ByteArrayOutputStream((int) l);
        state = body;
    }

    private void addressByte(byte b, State comma) {
        if (address != null) {
            address.write(b);
        }
        if (--remaining == 0) {
            state = comma;
        }
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

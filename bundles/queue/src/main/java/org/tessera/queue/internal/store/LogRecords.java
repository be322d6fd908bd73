package org.tessera.queue.internal.store;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * The records of the queue log (README, "On-disk layout"). Each is framed as
 * {@code length(4) crc32c(4) body(length)}, the CRC over the body; the body starts with its type:
 *
 * <pre>
 * 'M' message:  id(8) qp(8) uid(8) birth ms(8) size(8) inline(1) sender recipients states [content]
 * 'S' state:    id(8) index(4) state(1) next attempt s(8) report
 * 'X' removed:  id(8)
 * </pre>
 * Strings are {@code length(4)} + UTF-8; recipients are a count(4) and strings; states are, per
 * recipient, state(1) next attempt(8) report. An M record is a whole snapshot: it replaces every
 * earlier record of its id. Big-endian throughout.
 */
final class LogRecords {

    /** Frame header: length and CRC. */
    static final int HEADER = 8;
    /** qmail-queue's limit on one envelope address, in bytes (longer: exit 11). */
    static final int MAX_ADDRESS = 1002;

    static final byte MESSAGE = 'M';
    static final byte STATE = 'S';
    static final byte REMOVED = 'X';

    private static final int MESSAGE_FIXED = 1 + 5 * 8 + 1;
    // The least one recipient takes in an M record: its address's length, its state, next attempt and report's length.
    private static final int RECIPIENT_BYTES_AT_LEAST = 4 + 1 + 8 + 4;

    private LogRecords() {
    }

    /** A decoded record; {@code message} for M, {@code index}/{@code state}/... for S. */
    record Decoded(byte type, long id, StoredMessage message, boolean inline, int contentOffset,
            int index, State state, long nextAttempt, String report) {
    }

    /** Returns whether some address of the envelope is longer than qmail-queue accepts. */
    static boolean tooLong(Envelope envelope) {
        if (text(envelope.sender()).length > MAX_ADDRESS) {
            return true;
        }
        return envelope.recipients().stream().anyMatch(r -> text(r).length > MAX_ADDRESS);
    }

    /**
     * Frames an M record: the returned buffers are the header with the envelope and states, then
     * the content when inline (not copied: written straight from the caller's array).
     */
    static ByteBuffer[] message(StoredMessage m, boolean inline, byte[] content, int contentLength) {
        List<byte[]> recipients = m.envelope().recipients().stream().map(LogRecords::text).toList();
        List<byte[]> reports = m.reports().stream().map(r -> r.getBytes(StandardCharsets.UTF_8)).toList();
        byte[] sender = text(m.envelope().sender());
        int size = MESSAGE_FIXED + 4 + sender.length + 4;
        for (int i = 0; i < recipients.size(); i++) {
            size += 4 + recipients.get(i).length + 1 + 8 + 4 + reports.get(i).length;
        }
        int contentBytes = inline ? contentLength : 0;
        ByteBuffer head = ByteBuffer.allocate(HEADER + size);
        head.position(HEADER);
        head.put(MESSAGE).putLong(m.id()).putLong(m.qp()).putLong(m.uid()).putLong(m.birth().toEpochMilli())
                .putLong(m.size()).put((byte) (inline ? 1 : 0));
        putBytes(head, sender);
        head.putInt(recipients.size());
        recipients.forEach(r -> putBytes(head, r));
        for (int i = 0; i < recipients.size(); i++) {
            head.put(stateByte(m.states().get(i))).putLong(m.nextAttempts().get(i));
            putBytes(head, reports.get(i));
        }
        CRC32C crc = new CRC32C();
        crc.update(head.array(), HEADER, size);
        if (inline) {
            crc.update(content, 0, contentLength);
        }
        head.putInt(0, size + contentBytes).putInt(4, (int) crc.getValue()).flip();
        return inline ? new ByteBuffer[] {head, ByteBuffer.wrap(content, 0, contentLength)} : new ByteBuffer[] {head};
    }

    /** Frames an S record; NUL and over-long reports are kept as they are (the length says where they end). */
    static ByteBuffer[] state(long id, int index, State state, long nextAttempt, String report) {
        byte[] text = report.getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(HEADER + 1 + 8 + 4 + 1 + 8 + 4 + text.length);
        body.position(HEADER);
        body.put(STATE).putLong(id).putInt(index).put(stateByte(state)).putLong(nextAttempt);
        putBytes(body, text);
        return new ByteBuffer[] {seal(body)};
    }

    /** Frames an X record. */
    static ByteBuffer[] removed(long id) {
        ByteBuffer body = ByteBuffer.allocate(HEADER + 1 + 8);
        body.position(HEADER);
        body.put(REMOVED).putLong(id);
        return new ByteBuffer[] {seal(body)};
    }

    private static ByteBuffer seal(ByteBuffer frame) {
        int size = frame.position() - HEADER;
        CRC32C crc = new CRC32C();
        crc.update(frame.array(), HEADER, size);
        return frame.putInt(0, size).putInt(4, (int) crc.getValue()).flip();
    }

    /** Returns whether {@code body} matches the CRC of its frame header. */
    static boolean intact(byte[] body, int crc) {
        CRC32C check = new CRC32C();
        check.update(body);
        return (int) check.getValue() == crc;
    }

    /** Decodes an intact body; the content of an inline M stays in {@code body} at {@code contentOffset}. */
    static Decoded decode(byte[] body) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(body);
        try {
            byte type = in.get();
            long id = in.getLong();
            switch (type) {
                case MESSAGE -> {
                    long qp = in.getLong();
                    long uid = in.getLong();
                    Instant birth = Instant.ofEpochMilli(in.getLong());
                    long size = in.getLong();
                    boolean inline = in.get() == 1;
                    MailAddress sender = MailAddress.parse(string(in));
                    int count = in.getInt();
                    // A count the body cannot hold is damage; sizing the lists by it could exhaust the heap.
                    if (count < 0 || count > in.remaining() / RECIPIENT_BYTES_AT_LEAST) {
                        throw new IOException("message " + id + " claims " + count + " recipients in "
                                + in.remaining() + " bytes");
                    }
                    List<MailAddress> recipients = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        recipients.add(MailAddress.parse(string(in)));
                    }
                    List<State> states = new ArrayList<>(count);
                    List<Long> next = new ArrayList<>(count);
                    List<String> reports = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        states.add(state(in.get()));
                        next.add(in.getLong());
                        reports.add(string(in));
                    }
                    if (inline && in.remaining() != size) {
                        throw new IOException("message " + id + " holds " + in.remaining() + " bytes, not " + size);
                    }
                    StoredMessage m = new StoredMessage(id, qp, uid, birth, size, new Envelope(sender, recipients),
                            states, reports, next);
                    return new Decoded(type, id, m, inline, in.position(), 0, null, 0, null);
                }
                case STATE -> {
                    int index = in.getInt();
                    State state = state(in.get());
                    long next = in.getLong();
                    return new Decoded(type, id, null, false, 0, index, state, next, string(in));
                }
                case REMOVED -> {
                    return new Decoded(type, id, null, false, 0, 0, null, 0, null);
                }
                default -> throw new IOException("unknown record type " + type);
            }
        } catch (BufferUnderflowException | IllegalArgumentException malformed) {
            throw new IOException("malformed record", malformed);
        }
    }

    /** Returns the textual form of an address, as the record stores it. */
    static byte[] text(MailAddress address) {
        return address.text().getBytes(StandardCharsets.UTF_8);
    }

    private static byte stateByte(State state) {
        return switch (state) {
            case PENDING -> 'P';
            case DELIVERED -> 'K';
            case FAILED -> 'D';
            case DELIVERING -> throw new IllegalArgumentException("DELIVERING is not recorded");
        };
    }

    private static State state(byte b) throws IOException {
        return switch (b) {
            case 'P' -> State.PENDING;
            case 'K' -> State.DELIVERED;
            case 'D' -> State.FAILED;
            default -> throw new IOException("unknown state " + b);
        };
    }

    private static void putBytes(ByteBuffer out, byte[] bytes) {
        out.putInt(bytes.length).put(bytes);
    }

    private static String string(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("string length " + length);
        }
        String s = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return s;
    }
}

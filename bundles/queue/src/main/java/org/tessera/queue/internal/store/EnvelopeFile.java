package org.tessera.queue.internal.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * The format of {@code msg/<id>.env}: NUL-terminated UTF-8 records, qmail's {@code intd} records
 * plus two of Tessera's, then an empty record, then the append-only recipient states.
 *
 * <pre>
 * u&lt;uid&gt; p&lt;qp&gt; t&lt;birth, epoch ms&gt; s&lt;content bytes&gt; F&lt;sender&gt; T&lt;recipient&gt;... (empty)
 * K&lt;index&gt;            recipient delivered
 * D&lt;index&gt; &lt;report&gt;   recipient failed for good
 * Z&lt;index&gt; &lt;report&gt;   recipient deferred (stays pending; the report is kept for qmail-qread)
 * </pre>
 * A later state record for the same index wins. Bytes after the last NUL are a record torn by a
 * crash and are ignored (recovery truncates them, so the next append starts clean).
 */
public final class EnvelopeFile {

    /** qmail-queue's limit on one envelope address, in bytes (longer: exit 11). */
    public static final int MAX_ADDRESS = 1002;

    private EnvelopeFile() {
    }

    /** Returns whether some address of the envelope is longer than qmail-queue accepts. */
    public static boolean tooLong(Envelope envelope) {
        if (text(envelope.sender()).length > MAX_ADDRESS) {
            return true;
        }
        return envelope.recipients().stream().anyMatch(r -> text(r).length > MAX_ADDRESS);
    }

    /** Encodes the envelope part, up to and including the empty record. */
    public static byte[] encode(long uid, long qp, Instant birth, long size, Envelope envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        record(out, 'u', ascii(uid));
        record(out, 'p', ascii(qp));
        record(out, 't', ascii(birth.toEpochMilli()));
        record(out, 's', ascii(size));
        record(out, 'F', text(envelope.sender()));
        for (MailAddress recipient : envelope.recipients()) {
            record(out, 'T', text(recipient));
        }
        out.write(0);
        return out.toByteArray();
    }

    /** Encodes one state record; NULs in the report are replaced, since NUL ends the record. */
    public static byte[] state(int index, State state, String report) {
        char letter = switch (state) {
            case DELIVERED -> 'K';
            case FAILED -> 'D';
            case PENDING -> 'Z';
            case DELIVERING -> throw new IllegalArgumentException("DELIVERING is not recorded");
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String body = state == State.DELIVERED ? Integer.toString(index) : index + " " + report.replace('\0', '_');
        record(out, letter, body.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** Returns the length of the complete records, so that a torn tail can be cut off. */
    public static int completeLength(byte[] file) {
        for (int i = file.length - 1; i >= 0; i--) {
            if (file[i] == 0) {
                return i + 1;
            }
        }
        return 0;
    }

    /** Decodes a whole file; fails when the envelope part is incomplete or malformed. */
    public static StoredMessage decode(long id, byte[] file) throws IOException {
        List<String> records = split(file, completeLength(file));
        int end = records.indexOf("");
        if (end < 5) {
            throw new IOException("envelope of message " + id + " is incomplete");
        }
        try {
            long uid = number(records.get(0), 'u');
            long qp = number(records.get(1), 'p');
            Instant birth = Instant.ofEpochMilli(number(records.get(2), 't'));
            long size = number(records.get(3), 's');
            MailAddress sender = address(records.get(4), 'F');
            List<MailAddress> recipients = new ArrayList<>();
            for (String r : records.subList(5, end)) {
                recipients.add(address(r, 'T'));
            }
            List<State> states = new ArrayList<>(Collections.nCopies(recipients.size(), State.PENDING));
            List<String> reports = new ArrayList<>(Collections.nCopies(recipients.size(), ""));
            for (String r : records.subList(end + 1, records.size())) {
                int space = r.indexOf(' ');
                int index = Integer.parseInt(space < 0 ? r.substring(1) : r.substring(1, space));
                states.set(index, switch (r.charAt(0)) {
                    case 'K' -> State.DELIVERED;
                    case 'D' -> State.FAILED;
                    case 'Z' -> State.PENDING;
                    default -> throw new IOException("unknown state record in message " + id);
                });
                reports.set(index, space < 0 ? "" : r.substring(space + 1));
            }
            return new StoredMessage(id, qp, uid, birth, size, new Envelope(sender, recipients), states, reports);
        } catch (RuntimeException malformed) {
            throw new IOException("envelope of message " + id + " is malformed", malformed);
        }
    }

    /** Returns the textual form of MailAddress: {@code local@domain}, or {@code local} without a domain. */
    static byte[] text(MailAddress address) {
        String text = address.domain().isEmpty() ? address.local() : address.local() + "@" + address.domain();
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static MailAddress address(String record, char type) {
        if (record.charAt(0) != type) {
            throw new IllegalArgumentException("expected " + type);
        }
        String text = record.substring(1);
        int at = text.lastIndexOf('@');
        return at < 0 ? new MailAddress(text, "") : new MailAddress(text.substring(0, at), text.substring(at + 1));
    }

    private static long number(String record, char type) {
        if (record.charAt(0) != type) {
            throw new IllegalArgumentException("expected " + type);
        }
        return Long.parseLong(record.substring(1));
    }

    private static List<String> split(byte[] file, int length) {
        List<String> records = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (file[i] == 0) {
                records.add(new String(file, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        return records;
    }

    private static byte[] ascii(long n) {
        return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
    }

    private static void record(ByteArrayOutputStream out, char type, byte[] body) {
        out.write(type);
        out.writeBytes(body);
        out.write(0);
    }
}

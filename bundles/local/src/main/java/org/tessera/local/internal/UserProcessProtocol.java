package org.tessera.local.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.users.MailUser;

/**
 * The frames between the server and a user process (the root mode's qmail-local, running as a
 * user): the server sends a {@link Deliver} with the message, the user process may ask the server
 * to carry out an instruction of a kind it does not run itself ({@link Call}, answered by a
 * {@link Result}: forwards, which inject into the queue, and plugin kinds), and ends with a
 * {@link Report}. Every frame names its delivery, so one process serves several at once.
 *
 * <p>Hand-written rather than a serialisation library: six small frames over a pipe between two
 * copies of this bundle, where a library would be one more jar on the user process's class path.
 */
final class UserProcessProtocol {

    static final byte DELIVER = 'D';
    static final byte CALL = 'C';
    static final byte RESULT = 'R';
    static final byte REPORT = 'F';

    // Texts and names are short; the bound keeps a corrupt frame from asking for gigabytes.
    private static final int MAX_STRING = 16 * 1024 * 1024;
    private static final int MAX_ITEMS = 100_000;
    private static final int CHUNK = 64 * 1024;

    private UserProcessProtocol() {
    }

    /**
     * A delivery for the user process; the message follows the frame in chunks.
     *
     * @param serverKinds the kinds the server runs now, which the user process asks for by {@link Call}
     */
    record Deliver(long id, long messageId, MailUser user, MailAddress recipient, MailAddress sender,
            String defaultDelivery, Set<String> serverKinds) {
    }

    /** An instruction the server carries out for delivery {@code id}. */
    record Call(long id, String kind, List<String> arguments, MailAddress newSender, Map<String, String> environment) {
    }

    /** The server's answer to a {@link Call}. */
    record Result(long id, DeliveryResult result) {
    }

    /**
     * The end of delivery {@code id}: qmail-local's report, and the kinds of the instructions the
     * process carried out itself, in order (for the server's meters).
     */
    record Report(long id, DeliveryReport report, List<String> carriedOut) {
    }

    static void writeDeliver(DataOutputStream out, Deliver d, InputStream message) throws IOException {
        out.writeByte(DELIVER);
        out.writeLong(d.id());
        out.writeLong(d.messageId());
        MailUser u = d.user();
        writeString(out, u.user());
        out.writeLong(u.uid());
        out.writeLong(u.gid());
        writeString(out, u.home());
        writeString(out, u.dash());
        writeString(out, u.ext());
        writeAddress(out, d.recipient());
        writeAddress(out, d.sender());
        writeString(out, d.defaultDelivery());
        writeStrings(out, List.copyOf(d.serverKinds()));
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = message.read(buffer)) > 0;) {
            out.writeInt(n);
            out.write(buffer, 0, n);
        }
        out.writeInt(0);
    }

    /** Reads a {@link Deliver} after its type byte; the message chunks follow, read by {@link #readChunk}. */
    static Deliver readDeliver(DataInputStream in) throws IOException {
        long id = in.readLong();
        long messageId = in.readLong();
        MailUser user = new MailUser(readString(in), in.readLong(), in.readLong(), readString(in), readString(in),
                readString(in));
        MailAddress recipient = readAddress(in);
        MailAddress sender = readAddress(in);
        String defaultDelivery = readString(in);
        Set<String> serverKinds = new HashSet<>(readStrings(in));
        return new Deliver(id, messageId, user, recipient, sender, defaultDelivery, serverKinds);
    }

    /** The next chunk of a message, or null at its end. */
    static byte[] readChunk(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > CHUNK) {
            throw new IOException("bad message chunk length " + n);
        }
        return n == 0 ? null : exactly(in, n);
    }

    static void writeCall(DataOutputStream out, Call c) throws IOException {
        out.writeByte(CALL);
        out.writeLong(c.id());
        writeString(out, c.kind());
        writeStrings(out, c.arguments());
        writeAddress(out, c.newSender());
        out.writeInt(c.environment().size());
        for (Map.Entry<String, String> e : c.environment().entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
    }

    static Call readCall(DataInputStream in) throws IOException {
        long id = in.readLong();
        String kind = readString(in);
        List<String> arguments = readStrings(in);
        MailAddress newSender = readAddress(in);
        int n = count(in);
        Map<String, String> environment = new HashMap<>();
        for (int i = 0; i < n; i++) {
            environment.put(readString(in), readString(in));
        }
        return new Call(id, kind, arguments, newSender, environment);
    }

    static void writeResult(DataOutputStream out, Result r) throws IOException {
        out.writeByte(RESULT);
        out.writeLong(r.id());
        writeString(out, r.result().outcome().name());
        writeString(out, r.result().text());
    }

    static Result readResult(DataInputStream in) throws IOException {
        long id = in.readLong();
        return new Result(id, new DeliveryResult(outcome(DeliveryResult.Outcome.class, readString(in)), readString(in)));
    }

    static void writeReport(DataOutputStream out, Report r) throws IOException {
        out.writeByte(REPORT);
        out.writeLong(r.id());
        writeString(out, r.report().outcome().name());
        writeString(out, r.report().text());
        writeStrings(out, r.carriedOut());
    }

    static Report readReport(DataInputStream in) throws IOException {
        long id = in.readLong();
        DeliveryReport report = new DeliveryReport(outcome(DeliveryReport.Outcome.class, readString(in)), readString(in));
        return new Report(id, report, readStrings(in));
    }

    private static <E extends Enum<E>> E outcome(Class<E> type, String name) throws IOException {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad outcome " + name, e);
        }
    }

    // As text, so that an address ending in '@' reaches the child as it is.
    private static void writeAddress(DataOutputStream out, MailAddress address) throws IOException {
        writeString(out, address.text());
    }

    private static MailAddress readAddress(DataInputStream in) throws IOException {
        return MailAddress.parse(readString(in));
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeInt(strings.size());
        for (String s : strings) {
            writeString(out, s);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = count(in);
        List<String> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            strings.add(readString(in));
        }
        return strings;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_STRING) {
            throw new IOException("bad string length " + n);
        }
        return new String(exactly(in, n), StandardCharsets.UTF_8);
    }

    private static byte[] exactly(DataInputStream in, int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new EOFException("frame cut short");
        }
        return bytes;
    }

    private static int count(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > MAX_ITEMS) {
            throw new IOException("bad count " + n);
        }
        return n;
    }
}

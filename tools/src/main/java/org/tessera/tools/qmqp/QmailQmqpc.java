package org.tessera.tools.qmqp;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/qmail-qmqpc}: qmail-qmqpc as a qmail-queue (qmail-qmqpc(8)): the message on descriptor 0,
 * the envelope on descriptor 1 ({@code Fsender\0Trecipient\0...\0}), sent as one QMQP package to
 * each server of {@code control/qmqpservers} in turn until one takes the connection; its exit code
 * is qmail-qmqpc's (0 queued, 31 refused, 71 deferred, 54 read error, 55 configuration, 61 home,
 * 72 and 73 no server reached, 74 connection failed after connecting, 91 envelope format).
 */
public final class QmailQmqpc {

    // The envelope is addresses: far beyond any real one, and bounded so a runaway writer cannot exhaust memory.
    private static final int LONGEST_ENVELOPE = 16 * 1024 * 1024;

    private QmailQmqpc() {
    }

    /** The tool on this process's descriptors 0 and 1. */
    public static int run(String[] args) {
        try (FileInputStream envelope = new FileInputStream(FileDescriptor.out)) {
            return run(System.getenv(), Injection.stdin(), Injection.stdinIsFile(), envelope);
        } catch (IOException e) {
            return 54;
        }
    }

    static int run(Map<String, String> environment, FileInputStream message, boolean messageIsFile,
            InputStream envelopeInput) {
        List<String> envelope;
        try {
            envelope = envelope(envelopeInput);
        } catch (IOException e) {
            return 54;
        }
        if (envelope == null) {
            return 91;
        }
        try {
            return Injection.queueMessage(environment, new byte[0], message, messageIsFile, envelope.get(0),
                    envelope.subList(1, envelope.size())).exitCode();
        } catch (IOException e) {
            return 54;
        }
    }

    /** The sender then the recipients, or null for an envelope qmail-qmqpc would call malformed. */
    static List<String> envelope(InputStream in) throws IOException {
        List<String> addresses = new ArrayList<>();
        ByteArrayOutputStream item = new ByteArrayOutputStream();
        long total = 0;
        for (int b; (b = in.read()) >= 0;) {
            if (++total > LONGEST_ENVELOPE) {
                return null;
            }
            if (b != 0) {
                item.write(b);
                continue;
            }
            byte[] bytes = item.toByteArray();
            item.reset();
            if (addresses.isEmpty()) {
                if (bytes.length < 1 || bytes[0] != 'F') {
                    return null;
                }
            } else if (bytes.length == 0) {
                return addresses;
            } else if (bytes[0] != 'T') {
                return null;
            }
            addresses.add(new String(bytes, 1, bytes.length - 1, StandardCharsets.ISO_8859_1));
        }
        return null; // no terminating empty item
    }
}

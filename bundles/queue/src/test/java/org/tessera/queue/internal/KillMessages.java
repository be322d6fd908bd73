package org.tessera.queue.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;

/** The messages of the kill test: envelope and content are a function of one seed, so either side can rebuild them. */
final class KillMessages {

    private KillMessages() {
    }

    static Envelope envelope(long seed) {
        Random random = new Random(seed);
        List<MailAddress> recipients = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            recipients.add(new MailAddress("r" + i + "-" + seed, "example.org"));
        }
        return new Envelope(new MailAddress("s" + seed, "example.com"), recipients);
    }

    /** Headers naming the seed and the body's CRC-32, then a body of 200 B to 8 KB, one in 20 of 200 KB. */
    static byte[] content(long seed) {
        Random random = new Random(~seed);
        int size = random.nextInt(20) == 0 ? 200_000 : 200 + random.nextInt(8000);
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (i % 73 == 72 ? '\n' : 'A' + random.nextInt(26));
        }
        CRC32 crc = new CRC32();
        crc.update(body);
        byte[] head = ("X-Seed: " + seed + "\nX-Crc: " + Long.toHexString(crc.getValue()) + "\n\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** Returns the seed named by stored content (Received line first), or throws when there is none. */
    static long seedOf(byte[] stored) {
        String start = new String(stored, 0, Math.min(stored.length, 300), StandardCharsets.US_ASCII);
        int at = start.indexOf("\nX-Seed: ");
        int end = start.indexOf('\n', at + 1);
        return Long.parseLong(start.substring(at + "\nX-Seed: ".length(), end));
    }
}

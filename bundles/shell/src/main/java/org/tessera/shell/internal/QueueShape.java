package org.tessera.shell.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tessera.api.queue.QueuedMessage;
import org.tessera.api.queue.QueuedRecipient;

/**
 * Postfix's qshape for Tessera's queue: the recipients still to deliver, by destination domain and by
 * the age of their message, in qshape's buckets (under 5, 10, 20, ... 1280 minutes, then older), the
 * domains with most recipients first, a TOTAL row on top.
 */
final class QueueShape {

    /** The upper ends of qshape's age buckets, in minutes; the last column is everything older. */
    static final int[] BUCKET_MINUTES = {5, 10, 20, 40, 80, 160, 320, 640, 1280};

    private QueueShape() {
    }

    /**
     * The table's lines.
     *
     * @param messages the queue's messages
     * @param now the time ages are measured at
     * @param deferredOnly count only recipients that were tried and deferred
     * @param top at most this many domains, after the TOTAL row
     */
    static List<String> table(List<QueuedMessage> messages, Instant now, boolean deferredOnly, int top) {
        Map<String, long[]> byDomain = new HashMap<>();
        long[] total = new long[BUCKET_MINUTES.length + 1];
        for (QueuedMessage message : messages) {
            int bucket = bucket(Duration.between(message.birth(), now));
            for (QueuedRecipient recipient : message.recipients()) {
                if (counts(recipient, deferredOnly)) {
                    String domain = recipient.address().domain().toLowerCase(Locale.ROOT);
                    byDomain.computeIfAbsent(domain, d -> new long[total.length])[bucket]++;
                    total[bucket]++;
                }
            }
        }
        List<Map.Entry<String, long[]>> rows = new ArrayList<>(byDomain.entrySet());
        rows.sort(Comparator.comparingLong((Map.Entry<String, long[]> row) -> -sum(row.getValue()))
                .thenComparing(Map.Entry::getKey));
        int width = Math.max("TOTAL".length(), rows.stream().mapToInt(row -> row.getKey().length()).max().orElse(0));
        List<String> lines = new ArrayList<>();
        StringBuilder header = new StringBuilder(pad("", width)).append(String.format(" %6s", "T"));
        for (int minutes : BUCKET_MINUTES) {
            header.append(String.format(" %6d", minutes));
        }
        lines.add(header.append(String.format(" %6s", BUCKET_MINUTES[BUCKET_MINUTES.length - 1] + "+")).toString());
        lines.add(row("TOTAL", total, width));
        rows.stream().limit(Math.max(0, top)).forEach(row -> lines.add(row(row.getKey(), row.getValue(), width)));
        return lines;
    }

    // Still to be delivered; with --deferred, only after a delivery attempt said "later".
    private static boolean counts(QueuedRecipient recipient, boolean deferredOnly) {
        boolean open = recipient.state() == QueuedRecipient.State.PENDING
                || recipient.state() == QueuedRecipient.State.DELIVERING;
        return open && (!deferredOnly || !recipient.lastReport().isEmpty());
    }

    static int bucket(Duration age) {
        long minutes = age.toMinutes();
        for (int i = 0; i < BUCKET_MINUTES.length; i++) {
            if (minutes < BUCKET_MINUTES[i]) {
                return i;
            }
        }
        return BUCKET_MINUTES.length;
    }

    private static String row(String name, long[] counts, int width) {
        StringBuilder row = new StringBuilder(pad(name, width)).append(String.format(" %6d", sum(counts)));
        for (long count : counts) {
            row.append(String.format(" %6d", count));
        }
        return row.toString();
    }

    private static long sum(long[] counts) {
        long sum = 0;
        for (long count : counts) {
            sum += count;
        }
        return sum;
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}

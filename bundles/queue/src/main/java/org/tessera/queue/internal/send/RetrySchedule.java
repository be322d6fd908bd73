package org.tessera.queue.internal.send;

import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/** qmail-send's retry times (qmail-send.c's nextretry) and queuelifetime rule (qmail-send(8)). */
public final class RetrySchedule {

    /** The text qmail-send appends when a temporary failure of an expired message becomes permanent. */
    public static final String TOO_LONG =
            "I'm not going to try again; this message has been in the queue too long.\n";

    /** chanskip of the local channel: local retries at birth + (10k)² seconds. */
    public static final long SKIP_LOCAL = 10;

    /** chanskip of the remote channel: remote retries at birth + (20k)² seconds. */
    public static final long SKIP_REMOTE = 20;

    private RetrySchedule() {
    }

    /**
     * Returns the SKIP constant of a channel.
     *
     * @param channel the channel
     * @return 10 for local, 20 for remote
     */
    public static long skip(Channel channel) {
        return channel == Channel.LOCAL ? SKIP_LOCAL : SKIP_REMOTE;
    }

    /**
     * Computes the next attempt of a channel file when a pass over it starts:
     * {@code birth + (floor(sqrt(now - birth)) + SKIP)²}.
     *
     * @param channel the channel of the file
     * @param birth the message's birth (mtime of {@code info/<id>}), epoch seconds
     * @param now the start of the pass, epoch seconds
     * @return the epoch second of the next attempt
     */
    public static long nextAttempt(Channel channel, long birth, long now) {
        // A birth in the future (clock stepped back) counts as age 0, as qmail's nextretry does.
        long age = Math.max(0, now - birth);
        long n = isqrt(age) + skip(channel);
        return birth + n * n;
    }

    /**
     * Tells whether a pass starting now is the last one: qmail sets {@code flagdying} when
     * {@code now > birth + queuelifetime}.
     *
     * @param birth the message's birth, epoch seconds
     * @param now the start of the pass, epoch seconds
     * @param queueLifetime {@code queuelifetime} in seconds
     * @return whether temporary failures of this pass become permanent
     */
    public static boolean isExpired(long birth, long now, long queueLifetime) {
        return now > birth + queueLifetime;
    }

    /**
     * Applies the lifetime rule to a channel's report: in a pass of an expired message a
     * temporary failure becomes permanent with {@link #TOO_LONG} appended.
     *
     * @param report the channel's report
     * @param expired the result of {@link #isExpired} at the start of the pass
     * @return the report to log, record and bounce
     */
    public static DeliveryReport applyLifetime(DeliveryReport report, boolean expired) {
        if (!expired || report.outcome() != Outcome.TEMPORARY) {
            return report;
        }
        String text = report.text();
        // qmail appends to the raw report; the text is a line of its own, so a report without its
        // final newline gets one first (qmail's own reports always end with one).
        if (!text.isEmpty() && !text.endsWith("\n")) {
            text = text + "\n";
        }
        return new DeliveryReport(Outcome.PERMANENT, text + TOO_LONG);
    }

    /** The largest r with r * r representable in a long. */
    private static final long MAX_ROOT = 3_037_000_499L;

    /** floor(sqrt(x)) exactly, also where the double square root is off by one. */
    static long isqrt(long x) {
        long r = Math.min((long) Math.sqrt((double) x), MAX_ROOT);
        while (r * r > x) {
            r--;
        }
        while (r < MAX_ROOT && (r + 1) * (r + 1) <= x) {
            r++;
        }
        return r;
    }
}

package org.tessera.api.metrics;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A histogram of durations, from {@link Metrics#timer}: exported as Prometheus's
 * {@code _bucket}, {@code _count} and {@code _sum} series in seconds. Thread-safe; never blocks.
 */
@ProviderType
public interface Timer {

    /**
     * The upper bounds of every timer's buckets (and {@code +Inf}): from a millisecond, for a
     * plugin's call, to a week, for a message delivered after days of retries ({@code queuelifetime}).
     */
    List<Duration> BUCKETS = List.of(Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(4),
            Duration.ofDays(1), Duration.ofDays(7));

    /**
     * Records one duration.
     *
     * @param duration 0 or more; a negative one (a clock set back) is recorded as 0
     */
    void record(Duration duration);

    /**
     * Records one duration given in nanoseconds, the difference of two {@link System#nanoTime()}
     * readings, without making a {@link Duration}.
     *
     * @param nanoseconds 0 or more; a negative one is recorded as 0
     */
    void recordNanos(long nanoseconds);
}

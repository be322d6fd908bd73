package org.tessera.api.metrics;

import java.util.function.DoubleSupplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where Tessera's bundles and plugins count, time and measure what they do; Tessera's metrics
 * bundle exports every meter on its Prometheus endpoint ({@code /metrics}).
 *
 * <p><b>Names.</b> A name is Prometheus's: lower case, words joined by {@code _}, beginning with
 * {@code tessera_}, with the unit last; a counter's ends with {@code _total}, a timer's with
 * {@code _seconds}, and a gauge's never with {@code _total} (one in seconds, such as an age, ends with
 * {@code _seconds}). The name is exported exactly as given. One name is one kind of meter with
 * one set of label names and one help text: asking for it as another kind or with other label names
 * is refused; a differing help text is ignored (the first one stays).
 *
 * <p><b>Labels are few.</b> Each label takes its values from a small set fixed by the program: a
 * channel, an outcome, a listener's or a plugin's name, a status class. Never an address, a domain, a
 * client's IP address, a user or a message number: each distinct combination of values is a series
 * that Prometheus stores for good, so a label fed by the mail would grow without end. Beyond
 * {@link #MAX_SERIES_PER_NAME} combinations of one name, further ones are not recorded (their meter
 * counts nothing) and the server's log says so once.
 *
 * <p><b>Cost.</b> Asking for a meter looks it up (keep the meter in a field and ask once, when the
 * service is bound); {@link Counter#increment()} and {@link Timer#record} are a few atomic additions,
 * never I/O, never a lock held for long, and may be called on any thread, netty's event loops
 * included.
 *
 * <p><b>Lifetime.</b> The service is bundle-scoped. Counters and timers live as long as the server:
 * a bundle that is updated or restarted and asks again gets the same series, whose values go on
 * growing, as Prometheus expects of a counter. A gauge reads the bundle's own state, so it ends
 * when {@link Gauge#close()} is called or, at the latest, when the bundle releases the service
 * (stops, or its reference is unbound). Reference the service dynamically and optionally: a bundle
 * works the same without it.
 */
@ProviderType
public interface Metrics {

    /** The most label combinations recorded for one name. */
    int MAX_SERIES_PER_NAME = 500;

    /**
     * Returns the counter of an id: a number that only grows, such as messages or failures.
     *
     * @param id the name (ending with {@code _total}), the help text and the label values
     * @return the counter; the same series for equal ids
     * @throws IllegalArgumentException when the name does not end with {@code _total}, or is taken
     *         by another kind of meter or with other label names
     */
    Counter counter(MeterId id);

    /**
     * Returns the timer of an id: a histogram of durations (the {@link Timer#BUCKETS}), with their
     * count and sum, such as the time a delivery or a plugin's call took.
     *
     * @param id the name (ending with {@code _seconds}), the help text and the label values
     * @return the timer; the same series for equal ids
     * @throws IllegalArgumentException when the name does not end with {@code _seconds}, or is taken
     *         by another kind of meter or with other label names
     */
    Timer timer(MeterId id);

    /**
     * Registers a gauge: a value read when the metrics are collected, such as the messages in the
     * queue. The supplier is called on the exporter's thread, possibly at the same time as the
     * bundle's own threads use what it reads: it must be cheap (O(1): read a counter the bundle keeps
     * up to date, never scan a collection or touch the disk), thread-safe, and not block.
     *
     * <p>While a gauge of the same id is registered, the newer one replaces it: the older is
     * closed.
     *
     * @param id the name (not ending with {@code _total}), the help text and the label values
     * @param value reads the value; a {@code NaN} or an exception from it exports {@code NaN}
     * @return the registration, to close when the value is no longer there
     * @throws IllegalArgumentException when the name ends with {@code _total}, or is taken by another
     *         kind of meter or with other label names
     */
    Gauge gauge(MeterId id, DoubleSupplier value);
}

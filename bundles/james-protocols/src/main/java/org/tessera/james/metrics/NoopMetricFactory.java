package org.tessera.james.metrics;

import java.time.Duration;

import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.metrics.api.TimeMetric;
import org.reactivestreams.Publisher;

/**
 * A {@link MetricFactory} that records nothing: every handler of James Protocols takes one in
 * its constructor.
 *
 * <p>{@code MetricFactory} has abstract methods with {@code org.reactivestreams.Publisher} in
 * their signatures. Implementing it here, inside the wrapper bundle, means that bundles which
 * build protocol handler chains never import reactive-streams, and {@code Publisher} is never
 * loaded (the publisher methods are not used on the SMTP and POP3 paths).
 */
public final class NoopMetricFactory implements MetricFactory {

    private static final Metric NOOP_METRIC = new NoopMetric();

    @Override
    public Metric generate(String name) {
        return NOOP_METRIC;
    }

    @Override
    public TimeMetric timer(String name) {
        return new NoopTimeMetric(name);
    }

    @Override
    public <T> Publisher<T> decoratePublisherWithTimerMetric(String name, Publisher<T> publisher) {
        return publisher;
    }

    @Override
    @Deprecated
    public <T> Publisher<T> decoratePublisherWithTimerMetricLogP99(String name, Publisher<T> publisher) {
        return publisher;
    }

    /** A counter that always reads zero. */
    private static final class NoopMetric implements Metric {
        @Override
        public void increment() {
        }

        @Override
        public void decrement() {
        }

        @Override
        public void add(int value) {
        }

        @Override
        public void remove(int value) {
        }

        @Override
        public long getCount() {
            return 0;
        }
    }

    /** A timer that never measures: every result is zero elapsed time. */
    private record NoopTimeMetric(String name) implements TimeMetric, TimeMetric.ExecutionResult {
        @Override
        public ExecutionResult stopAndPublish() {
            return this;
        }

        @Override
        public Duration elasped() {
            return Duration.ZERO;
        }

        @Override
        @Deprecated
        public ExecutionResult logWhenExceedP99(Duration threshold) {
            return this;
        }
    }
}

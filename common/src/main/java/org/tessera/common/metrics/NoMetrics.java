package org.tessera.common.metrics;

import java.time.Duration;
import java.util.function.DoubleSupplier;

import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;

/**
 * The meters of a bundle while no {@link Metrics} service runs: they record nothing. A bundle's
 * optional metrics reference falls back to it, so its code counts without asking whether anyone listens.
 */
public final class NoMetrics implements Metrics {

    /** The one instance. */
    public static final Metrics INSTANCE = new NoMetrics();

    private static final Counter COUNTER = new Counter() {
        @Override
        public void increment() {
            // Nobody exports it.
        }

        @Override
        public void increment(long amount) {
            // Nobody exports it.
        }
    };

    private static final Timer TIMER = new Timer() {
        @Override
        public void record(Duration duration) {
            // Nobody exports it.
        }

        @Override
        public void recordNanos(long nanoseconds) {
            // Nobody exports it.
        }
    };

    private NoMetrics() {
    }

    @Override
    public Counter counter(MeterId id) {
        return COUNTER;
    }

    @Override
    public Timer timer(MeterId id) {
        return TIMER;
    }

    @Override
    public Gauge gauge(MeterId id, DoubleSupplier value) {
        return () -> {
            // Never registered.
        };
    }
}

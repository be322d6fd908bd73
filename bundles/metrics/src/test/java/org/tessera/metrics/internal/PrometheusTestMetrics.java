package org.tessera.metrics.internal;

import java.util.Map;
import java.util.function.DoubleSupplier;

import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The {@link Metrics} service as the metrics bundle runs it, on a registry of its own, for the tests of
 * the bundles that count (this module's test jar): what they recorded is read back from the Prometheus
 * text that {@code /metrics} would serve.
 */
public final class PrometheusTestMetrics implements Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerMeters meters = new MicrometerMeters(registry);

    @Override
    public Counter counter(MeterId id) {
        return meters.counter(id, "test");
    }

    @Override
    public Timer timer(MeterId id) {
        return meters.timer(id, "test");
    }

    @Override
    public Gauge gauge(MeterId id, DoubleSupplier value) {
        return meters.gauge(id, value, "test");
    }

    /** Every sample now: series ({@code name{label="value",...}}, labels in name order) to value. */
    public Map<String, Double> samples() {
        return PrometheusText.samples(registry.scrape());
    }

    /**
     * The value of one series now.
     *
     * @param series for example {@code tessera_deliveries_total{channel="local",outcome="success",status_class="none"}}
     * @return its value
     * @throws AssertionError when it is not exported
     */
    public double value(String series) {
        Double value = samples().get(series);
        if (value == null) {
            throw new AssertionError(series + " is not exported:\n" + registry.scrape());
        }
        return value;
    }
}

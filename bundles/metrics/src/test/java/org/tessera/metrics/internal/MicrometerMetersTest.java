package org.tessera.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

class MicrometerMetersTest {

    private static final String WHO = "bundle test [1]";
    private static final MeterId DELIVERIES = MeterId.of("tessera_test_deliveries_total", "Delivery attempts.");
    private static final MeterId LATENCY = MeterId.of("tessera_test_latency_seconds", "How long.");
    private static final MeterId DEPTH = MeterId.of("tessera_test_depth", "How many.");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MicrometerMeters meters = new MicrometerMeters(registry);

    private Map<String, Double> scrape() {
        return PrometheusText.samples(registry.scrape());
    }

    @Test
    void aCounterIsExportedUnderItsOwnNameWithItsLabelsAndHelp() {
        Counter local = meters.counter(DELIVERIES.label("channel", "local"), WHO);
        local.increment();
        local.increment();
        local.increment(4);
        meters.counter(DELIVERIES.label("channel", "remote"), WHO).increment();
        Map<String, Double> samples = scrape();
        assertEquals(6.0, samples.get("tessera_test_deliveries_total{channel=\"local\"}"));
        assertEquals(1.0, samples.get("tessera_test_deliveries_total{channel=\"remote\"}"));
        String text = registry.scrape();
        assertTrue(text.contains("# HELP tessera_test_deliveries_total Delivery attempts.\n"), text);
        assertTrue(text.contains("# TYPE tessera_test_deliveries_total counter\n"), text);
    }

    @Test
    void equalIdsAreOneSeries() {
        meters.counter(DELIVERIES.label("channel", "local"), WHO).increment();
        meters.counter(MeterId.of("tessera_test_deliveries_total", "Another help, ignored.").label("channel", "local"), WHO)
                .increment();
        assertEquals(2.0, scrape().get("tessera_test_deliveries_total{channel=\"local\"}"));
    }

    @Test
    void aCounterOnlyGrows() {
        Counter counter = meters.counter(DELIVERIES, WHO);
        assertThrows(IllegalArgumentException.class, () -> counter.increment(-1));
        counter.increment(0);
        assertEquals(0.0, scrape().get("tessera_test_deliveries_total"));
    }

    @Test
    void aTimerIsAHistogramInSecondsOnTheApisBuckets() {
        Timer timer = meters.timer(LATENCY.label("channel", "local"), WHO);
        timer.record(Duration.ofMillis(3));
        timer.recordNanos(Duration.ofSeconds(2).toNanos());
        timer.record(Duration.ofDays(8));
        timer.recordNanos(-5);
        Map<String, Double> samples = scrape();
        String series = "tessera_test_latency_seconds";
        assertEquals(4.0, samples.get(series + "_count{channel=\"local\"}"));
        assertEquals(0.003 + 2 + 8 * 86400, samples.get(series + "_sum{channel=\"local\"}"), 1e-9);
        assertEquals(1.0, samples.get(series + "_bucket{channel=\"local\",le=\"0.001\"}"), "the negative one, as 0");
        assertEquals(2.0, samples.get(series + "_bucket{channel=\"local\",le=\"0.005\"}"));
        assertEquals(2.0, samples.get(series + "_bucket{channel=\"local\",le=\"1.0\"}"));
        assertEquals(3.0, samples.get(series + "_bucket{channel=\"local\",le=\"5.0\"}"));
        assertEquals(3.0, samples.get(series + "_bucket{channel=\"local\",le=\"604800.0\"}"));
        assertEquals(4.0, samples.get(series + "_bucket{channel=\"local\",le=\"+Inf\"}"));
        long buckets = samples.keySet().stream().filter(s -> s.startsWith(series + "_bucket{")).count();
        assertEquals(Timer.BUCKETS.size() + 1, buckets);
    }

    @Test
    void aGaugeReadsItsSupplierAtEachScrape() {
        AtomicLong depth = new AtomicLong(3);
        meters.gauge(DEPTH.label("state", "new"), depth::get, WHO);
        assertEquals(3.0, scrape().get("tessera_test_depth{state=\"new\"}"));
        depth.set(7);
        assertEquals(7.0, scrape().get("tessera_test_depth{state=\"new\"}"));
    }

    @Test
    void aNewerGaugeOfAnIdReplacesTheOlderWhoseCloseThenDoesNothing() {
        Gauge older = meters.gauge(DEPTH, () -> 1, WHO);
        Gauge newer = meters.gauge(DEPTH, () -> 2, WHO);
        assertEquals(2.0, scrape().get("tessera_test_depth"));
        older.close();
        assertEquals(2.0, scrape().get("tessera_test_depth"));
        newer.close();
        assertFalse(scrape().containsKey("tessera_test_depth"));
        newer.close();
        meters.gauge(DEPTH, () -> 3, WHO);
        assertEquals(3.0, scrape().get("tessera_test_depth"));
    }

    @Test
    void aGaugeWhoseSupplierFailsExportsNaN() {
        meters.gauge(DEPTH, () -> {
            throw new IllegalStateException("gone");
        }, WHO);
        assertTrue(scrape().get("tessera_test_depth").isNaN());
    }

    @Test
    void namesEndAsTheirKindSays() {
        assertThrows(IllegalArgumentException.class, () -> meters.counter(DEPTH, WHO));
        assertThrows(IllegalArgumentException.class, () -> meters.timer(DEPTH, WHO));
        assertThrows(IllegalArgumentException.class, () -> meters.gauge(DELIVERIES, () -> 1, WHO));
        meters.gauge(MeterId.of("tessera_test_age_seconds", "An age."), () -> 12.5, WHO);
        assertEquals(12.5, scrape().get("tessera_test_age_seconds"));
    }

    @Test
    void aNameKeepsTheKindAndLabelNamesItWasFirstAskedWith() {
        meters.counter(DELIVERIES.label("channel", "local"), WHO);
        assertThrows(IllegalArgumentException.class, () -> meters.counter(DELIVERIES, WHO));
        assertThrows(IllegalArgumentException.class,
                () -> meters.counter(DELIVERIES.label("channel", "local").label("outcome", "success"), WHO));
        meters.gauge(MeterId.of("tessera_test_value_total_seen", "x"), () -> 1, WHO);
        MeterId counterNamedLikeTheGauge = MeterId.of("tessera_test_value_total_seen", "x");
        assertThrows(IllegalArgumentException.class, () -> meters.timer(counterNamedLikeTheGauge, WHO));
    }

    @Test
    void beyondTheSeriesLimitNothingIsRecordedAndNothingThrows() {
        for (int i = 0; i < Metrics.MAX_SERIES_PER_NAME; i++) {
            meters.counter(DELIVERIES.label("plugin", "p" + i), WHO).increment();
        }
        Counter tooMany = meters.counter(DELIVERIES.label("plugin", "one-too-many"), WHO);
        tooMany.increment();
        meters.counter(DELIVERIES.label("plugin", "p0"), WHO).increment();
        Map<String, Double> samples = scrape();
        assertFalse(samples.containsKey("tessera_test_deliveries_total{plugin=\"one-too-many\"}"));
        assertEquals(2.0, samples.get("tessera_test_deliveries_total{plugin=\"p0\"}"));
        assertEquals(Metrics.MAX_SERIES_PER_NAME,
                samples.keySet().stream().filter(s -> s.startsWith("tessera_test_deliveries_total{")).count());
    }

    @Test
    void aClosedGaugeFreesItsPlaceUnderTheLimit() {
        for (int i = 0; i < Metrics.MAX_SERIES_PER_NAME; i++) {
            meters.gauge(DEPTH.label("plugin", "p" + i), () -> 1, WHO).close();
        }
        meters.gauge(DEPTH.label("plugin", "last"), () -> 5, WHO);
        assertEquals(5.0, scrape().get("tessera_test_depth{plugin=\"last\"}"));
    }
}

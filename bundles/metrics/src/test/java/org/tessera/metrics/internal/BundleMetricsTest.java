package org.tessera.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.api.metrics.MeterId;

class BundleMetricsTest {

    private final MeterRegistryService registry = new MeterRegistryService();

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private Map<String, Double> scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        registry.scrape(out);
        return PrometheusText.samples(out.toString(StandardCharsets.UTF_8));
    }

    private BundleMetrics bundle() {
        BundleMetrics metrics = new BundleMetrics();
        metrics.registry = registry;
        return metrics;
    }

    @Test
    void aBundleThatReleasesTheServiceTakesItsGaugesAlongButItsCountersStay() throws IOException {
        registry.activate();
        BundleMetrics queue = bundle();
        BundleMetrics other = bundle();
        queue.gauge(MeterId.of("tessera_test_depth", "Depth."), () -> 4);
        queue.counter(MeterId.of("tessera_test_injections_total", "Injections.")).increment(2);
        other.gauge(MeterId.of("tessera_test_other", "Other."), () -> 1);
        queue.deactivate();
        Map<String, Double> samples = scrape();
        assertFalse(samples.containsKey("tessera_test_depth"));
        assertEquals(2.0, samples.get("tessera_test_injections_total"));
        assertEquals(1.0, samples.get("tessera_test_other"));
        // Updated and bound again, the bundle's counter goes on from where it was.
        bundle().counter(MeterId.of("tessera_test_injections_total", "Injections.")).increment();
        assertEquals(3.0, scrape().get("tessera_test_injections_total"));
    }

    @Test
    void aGaugeClosedByTheBundleIsNotClosedAgainWhenItLeaves() throws IOException {
        registry.activate();
        BundleMetrics queue = bundle();
        MeterId depth = MeterId.of("tessera_test_depth", "Depth.");
        queue.gauge(depth, () -> 1).close();
        // Another bundle's gauge of the same id, which the first one's departure must not remove.
        bundle().gauge(depth, () -> 2);
        queue.deactivate();
        assertEquals(2.0, scrape().get("tessera_test_depth"));
    }
}

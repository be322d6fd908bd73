package org.tessera.common.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tessera.api.metrics.MeterId;
import org.tessera.metrics.internal.PrometheusTestMetrics;

/** What HookCalls measures, read back from a real Prometheus registry. */
class HookMetersTest {

    /** A plugin of its own class, as the label names it. */
    static final class SlowPolicy {
        @Override
        public String toString() {
            return "slow policy";
        }
    }

    private static final String PLUGIN = "listener=\"qmtp\",plugin=\"org.tessera.common.hooks.HookMetersTest$SlowPolicy\"";

    private final PrometheusTestMetrics metrics = new PrometheusTestMetrics();
    private final HookCalls hooks = new HookCalls("test-hook", 2, Duration.ofMillis(300));

    @AfterEach
    void stop() {
        hooks.shutdown();
    }

    private void awaitValue(String series, double expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (metrics.samples().getOrDefault(series, -1.0) != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(expected, metrics.value(series), series);
    }

    @Test
    void eachCallIsTimedPerListenerAndPluginClass() throws Exception {
        hooks.measure(new HookMeters(metrics, "qmtp"));
        SlowPolicy plugin = new SlowPolicy();
        hooks.call(plugin, () -> {
            Thread.sleep(20);
            return "yes";
        }).get(5, TimeUnit.SECONDS);
        hooks.call(plugin, () -> "no").get(5, TimeUnit.SECONDS);
        awaitValue("tessera_plugin_call_seconds_count{" + PLUGIN + "}", 2);
        double sum = metrics.value("tessera_plugin_call_seconds_sum{" + PLUGIN + "}");
        assertTrue(sum >= 0.020 && sum < 5, "sum " + sum);
        assertEquals(0, metrics.value("tessera_plugin_call_timeouts_total{" + PLUGIN + "}"));
        assertEquals(0, metrics.value("tessera_plugin_call_failures_total{" + PLUGIN + "}"));
    }

    @Test
    void aThrowingOrSilentPluginIsAFailure() throws Exception {
        hooks.measure(new HookMeters(metrics, "qmtp"));
        SlowPolicy plugin = new SlowPolicy();
        assertThrows(ExecutionException.class, () -> hooks.call(plugin, () -> {
            throw new IllegalStateException("boom");
        }).get(5, TimeUnit.SECONDS));
        assertThrows(ExecutionException.class, () -> hooks.call(plugin, () -> null).get(5, TimeUnit.SECONDS));
        awaitValue("tessera_plugin_call_failures_total{" + PLUGIN + "}", 2);
        awaitValue("tessera_plugin_call_seconds_count{" + PLUGIN + "}", 2);
        assertEquals(0, metrics.value("tessera_plugin_call_timeouts_total{" + PLUGIN + "}"));
    }

    @Test
    void aPluginPastItsDeadlineIsATimeoutAndNotAlsoAFailure() throws Exception {
        hooks.measure(new HookMeters(metrics, "qmtp"));
        CountDownLatch returned = new CountDownLatch(1);
        assertThrows(ExecutionException.class, () -> hooks.call(new SlowPolicy(), () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                returned.countDown();
            }
            return null;
        }).get(5, TimeUnit.SECONDS));
        awaitValue("tessera_plugin_call_timeouts_total{" + PLUGIN + "}", 1);
        assertTrue(returned.await(5, TimeUnit.SECONDS));
        // Its time is recorded once it returns (interrupted at the deadline); its null answer came too late to count.
        awaitValue("tessera_plugin_call_seconds_count{" + PLUGIN + "}", 1);
        assertEquals(0, metrics.value("tessera_plugin_call_failures_total{" + PLUGIN + "}"));
    }

    @Test
    void withoutMetersNothingIsRecordedAndCallsWorkAlike() throws Exception {
        hooks.measure(new HookMeters(metrics, "qmtp"));
        hooks.measure(HookMeters.NONE);
        assertEquals("yes", hooks.call(new SlowPolicy(), () -> "yes").get(5, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertTrue(metrics.samples().keySet().stream().noneMatch(s -> s.startsWith("tessera_plugin_call")),
                metrics.samples().toString());
    }

    @Test
    void aClassNameLongerThanALabelValueKeepsItsEnd() {
        Object hook = new Object() {
        };
        assertEquals(hook.getClass().getName(), HookMeters.pluginName(hook));
        assertEquals(MeterId.MAX_LABEL_VALUE, HookMeters.pluginName(new AVeryLongPluginClassNameThatGoesOnAndOnPastTheLimitOfAPrometheusLabelValueAsTesseraSetsIt()).length());
        assertTrue(HookMeters.pluginName(new AVeryLongPluginClassNameThatGoesOnAndOnPastTheLimitOfAPrometheusLabelValueAsTesseraSetsIt())
                .endsWith("$AVeryLongPluginClassNameThatGoesOnAndOnPastTheLimitOfAPrometheusLabelValueAsTesseraSetsIt"));
    }

    static final class AVeryLongPluginClassNameThatGoesOnAndOnPastTheLimitOfAPrometheusLabelValueAsTesseraSetsIt {
    }
}

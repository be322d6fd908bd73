package org.tessera.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one Prometheus registry of the server: every bundle's meters ({@link BundleMetrics}) and the
 * JVM's (memory, garbage collection, threads, classes, CPU, open files, uptime) go into it, and
 * {@link MetricsEndpoint} writes it out. A service of this bundle alone (its type is private), so
 * that the per-bundle {@code Metrics} instances and the endpoint share it without a static.
 */
@Component(service = MeterRegistryService.class)
public final class MeterRegistryService {

    private PrometheusMeterRegistry registry;
    private JvmGcMetrics garbageCollection;
    private MicrometerMeters meters;

    @Activate
    void activate() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        // It listens to the collectors' notifications until closed.
        garbageCollection = new JvmGcMetrics();
        garbageCollection.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        meters = new MicrometerMeters(registry);
    }

    @Deactivate
    void deactivate() {
        garbageCollection.close();
        registry.close();
    }

    /** The api's meters on this registry. */
    MicrometerMeters meters() {
        return meters;
    }

    /**
     * Writes every meter in Prometheus's text format (version 0.0.4).
     *
     * @param out where to
     * @throws IOException when writing fails
     */
    void scrape(OutputStream out) throws IOException {
        registry.scrape(out);
    }
}

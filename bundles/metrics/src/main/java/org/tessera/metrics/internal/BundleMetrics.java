package org.tessera.metrics.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;
import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;

/**
 * The {@link Metrics} service as one bundle sees it: bundle-scoped, so that the gauges a bundle
 * registered, which read its objects, are removed when it releases the service, even if it never
 * closed them (stopped, updated, or its reference unbound).
 */
@Component(service = Metrics.class, scope = ServiceScope.BUNDLE)
public final class BundleMetrics implements Metrics {

    @Reference
    MeterRegistryService registry;

    private final Set<Gauge> gauges = ConcurrentHashMap.newKeySet();
    private String bundle;

    @Activate
    void activate(ComponentContext context) {
        Bundle using = context.getUsingBundle();
        bundle = "bundle " + using.getSymbolicName() + " [" + using.getBundleId() + "]";
    }

    @Deactivate
    void deactivate() {
        List.copyOf(gauges).forEach(Gauge::close);
    }

    @Override
    public Counter counter(MeterId id) {
        return registry.meters().counter(id, bundle);
    }

    @Override
    public Timer timer(MeterId id) {
        return registry.meters().timer(id, bundle);
    }

    @Override
    public Gauge gauge(MeterId id, DoubleSupplier value) {
        Gauge registered = registry.meters().gauge(id, value, bundle);
        gauges.add(registered);
        return () -> {
            gauges.remove(registered);
            registered.close();
        };
    }
}

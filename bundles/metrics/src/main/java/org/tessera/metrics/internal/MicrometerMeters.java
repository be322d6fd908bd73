package org.tessera.metrics.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.Gauge;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.api.metrics.Timer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;

/**
 * The api's meters on a Micrometer registry: checks what the {@link Metrics} contract promises (one
 * kind and one set of label names per name, the name's suffix, at most {@link Metrics#MAX_SERIES_PER_NAME}
 * series per name) and keeps each gauge's current supplier, so that a newer registration of an id
 * replaces the older one. Shared by every bundle's {@link BundleMetrics}; thread-safe.
 */
final class MicrometerMeters {

    private static final Logger LOG = LoggerFactory.getLogger(MicrometerMeters.class);

    private static final Duration[] BUCKETS = Timer.BUCKETS.toArray(Duration[]::new);
    private static final Counter UNRECORDED_COUNTER = new Counter() {
        @Override
        public void increment() {
            // Past the series limit: counts nothing, as the Metrics contract says.
        }

        @Override
        public void increment(long amount) {
            requireNotNegative(amount);
        }
    };
    private static final Timer UNRECORDED_TIMER = new Timer() {
        @Override
        public void record(Duration duration) {
            // Past the series limit: records nothing, as the Metrics contract says.
        }

        @Override
        public void recordNanos(long nanoseconds) {
            // Past the series limit: records nothing, as the Metrics contract says.
        }
    };

    private enum Kind {
        COUNTER, TIMER, GAUGE
    }

    /** What the first id of a name fixed (its kind and label names), and the label values seen since. */
    private static final class Family {
        final Kind kind;
        final Set<String> labelNames;
        final Set<Map<String, String>> series = new HashSet<>();
        boolean warnedOfTooMany;

        Family(Kind kind, Set<String> labelNames) {
            this.kind = kind;
            this.labelNames = labelNames;
        }
    }

    private final MeterRegistry registry;
    // Guarded by this: registrations are rare (a bundle asks when it binds the service), recording never locks.
    private final Map<String, Family> families = new HashMap<>();
    private final Map<MeterId, GaugeSeries> gauges = new HashMap<>();

    MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    Counter counter(MeterId id, String who) {
        requireSuffix(id, "_total", Kind.COUNTER);
        if (!admit(id, Kind.COUNTER, who)) {
            return UNRECORDED_COUNTER;
        }
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Counter.builder(id.name())
                .description(id.help()).tags(tags(id)).register(registry);
        return new Counter() {
            @Override
            public void increment() {
                counter.increment();
            }

            @Override
            public void increment(long amount) {
                counter.increment(requireNotNegative(amount));
            }
        };
    }

    Timer timer(MeterId id, String who) {
        requireSuffix(id, "_seconds", Kind.TIMER);
        if (!admit(id, Kind.TIMER, who)) {
            return UNRECORDED_TIMER;
        }
        // Micrometer appends _seconds to a timer's name when it is not there: given without it, the
        // exported name is the id's.
        String base = id.name().substring(0, id.name().length() - "_seconds".length());
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder(base)
                .description(id.help()).tags(tags(id)).serviceLevelObjectives(BUCKETS).register(registry);
        return new Timer() {
            @Override
            public void record(Duration duration) {
                timer.record(duration.isNegative() ? Duration.ZERO : duration);
            }

            @Override
            public void recordNanos(long nanoseconds) {
                timer.record(Math.max(0, nanoseconds), TimeUnit.NANOSECONDS);
            }
        };
    }

    synchronized Gauge gauge(MeterId id, DoubleSupplier value, String who) {
        if (id.name().endsWith("_total")) {
            throw new IllegalArgumentException("a gauge's name does not end with _total: " + id.name());
        }
        if (!admit(id, Kind.GAUGE, who)) {
            return () -> {
                // Never registered: nothing to remove.
            };
        }
        GaugeRegistration registration = new GaugeRegistration(id, value);
        GaugeSeries series = gauges.get(id);
        if (series == null) {
            series = new GaugeSeries(registration);
            series.meter = io.micrometer.core.instrument.Gauge.builder(id.name(), series, GaugeSeries::read)
                    .description(id.help()).tags(tags(id)).strongReference(true).register(registry);
            gauges.put(id, series);
        } else {
            // The same Micrometer gauge reads the newer supplier; the older registration's close does nothing.
            series.current = registration;
        }
        return registration;
    }

    private synchronized void close(GaugeRegistration registration) {
        GaugeSeries series = gauges.get(registration.id);
        if (series != null && series.current == registration) {
            gauges.remove(registration.id);
            registry.remove(series.meter);
            families.get(registration.id.name()).series.remove(registration.id.labels());
        }
    }

    /** Checks the id against its name's family; returns whether its series may be recorded. */
    private synchronized boolean admit(MeterId id, Kind kind, String who) {
        Family family = families.computeIfAbsent(id.name(), name -> new Family(kind, Set.copyOf(id.labels().keySet())));
        if (family.kind != kind) {
            throw new IllegalArgumentException(id.name() + " is a " + family.kind.name().toLowerCase(Locale.ROOT)
                    + ", not a " + kind.name().toLowerCase(Locale.ROOT));
        }
        if (!family.labelNames.equals(id.labels().keySet())) {
            throw new IllegalArgumentException(id.name() + " has the labels " + family.labelNames + ", not "
                    + id.labels().keySet());
        }
        if (family.series.contains(id.labels())) {
            return true;
        }
        if (family.series.size() >= Metrics.MAX_SERIES_PER_NAME) {
            if (!family.warnedOfTooMany) {
                family.warnedOfTooMany = true;
                LOG.warn("{} asked for more than {} label combinations of {} (the last {}): its labels take values"
                        + " from the mail or another unbounded set; further ones are not recorded", who,
                        Metrics.MAX_SERIES_PER_NAME, id.name(), id.labels());
            }
            return false;
        }
        family.series.add(id.labels());
        return true;
    }

    private static void requireSuffix(MeterId id, String suffix, Kind kind) {
        if (!id.name().endsWith(suffix)) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase(Locale.ROOT) + "'s name ends with "
                    + suffix + ": " + id.name());
        }
    }

    private static long requireNotNegative(long amount) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter only grows: " + amount);
        }
        return amount;
    }

    private static Tags tags(MeterId id) {
        List<Tag> tags = id.labels().entrySet().stream().map(e -> Tag.of(e.getKey(), e.getValue())).toList();
        return Tags.of(tags);
    }

    /** The Micrometer gauge of one id, which reads the supplier of the registration made last. */
    private static final class GaugeSeries {
        volatile GaugeRegistration current;
        io.micrometer.core.instrument.Gauge meter;

        GaugeSeries(GaugeRegistration first) {
            current = first;
        }

        double read() {
            try {
                return current.value.getAsDouble();
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: the bundle that registered it was refreshed under the read.
                return Double.NaN;
            }
        }
    }

    /** One registration of a gauge, from {@link #gauge}. */
    private final class GaugeRegistration implements Gauge {
        private final MeterId id;
        private final DoubleSupplier value;

        GaugeRegistration(MeterId id, DoubleSupplier value) {
            this.id = id;
            this.value = value;
        }

        @Override
        public void close() {
            MicrometerMeters.this.close(this);
        }
    }
}

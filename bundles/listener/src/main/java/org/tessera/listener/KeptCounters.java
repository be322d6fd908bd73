package org.tessera.listener;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.tessera.api.metrics.Counter;
import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;

/**
 * One family of counters (a name, some labels fixed, the others by event) whose meters are made once per
 * combination of label values and kept for the metrics service they were made with: a {@link MeterId} is
 * validated and its labels sorted when made, and the registry looked up, which is too much for every SMTP
 * command. When the service changes (it came, went, was replaced) the kept counters are made again.
 */
public final class KeptCounters {

    private record Kept(Metrics metrics, ConcurrentHashMap<List<String>, Counter> counters) {
    }

    private final MeterId family;
    private final List<String> labels;
    private final Supplier<Metrics> metrics;
    private volatile Kept kept = new Kept(null, new ConcurrentHashMap<>());

    /**
     * @param family the counters' id with the labels every one of them has (e.g. the listener)
     * @param metrics the metrics service now, asked at each event
     * @param labels the names of the labels given at each event, in the order {@link #get} takes their values
     */
    public KeptCounters(MeterId family, Supplier<Metrics> metrics, String... labels) {
        this.family = family;
        this.metrics = metrics;
        this.labels = List.of(labels);
    }

    /** The counter for these label values (as many as labels were named). */
    public Counter get(String... values) {
        Metrics now = metrics.get();
        Kept current = kept;
        if (current.metrics() != now) {
            current = new Kept(now, new ConcurrentHashMap<>());
            kept = current;
        }
        return current.counters().computeIfAbsent(Arrays.asList(values), key -> {
            MeterId id = family;
            for (int i = 0; i < labels.size(); i++) {
                id = id.label(labels.get(i), key.get(i));
            }
            return now.counter(id);
        });
    }
}

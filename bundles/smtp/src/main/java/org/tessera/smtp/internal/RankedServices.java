package org.tessera.smtp.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The services of one plugin chain (relay policies, message filters) in the order they are
 * asked: highest {@code service.ranking} first, the older service first among equals. Bind and
 * unbind come on SCR's threads while sessions read {@link #ordered()}, which is a snapshot.
 */
final class RankedServices<S> {

    private record Ranked<S>(S service, int ranking, long serviceId) {
    }

    private final CopyOnWriteArrayList<Ranked<S>> services = new CopyOnWriteArrayList<>();
    private volatile List<S> ordered = List.of();

    void add(S service, Map<String, Object> properties) {
        services.add(new Ranked<>(service, ranking(properties), (Long) properties.get("service.id")));
        reorder();
    }

    void update(S service, Map<String, Object> properties) {
        services.removeIf(r -> r.service == service);
        add(service, properties);
    }

    void remove(S service) {
        services.removeIf(r -> r.service == service);
        reorder();
    }

    List<S> ordered() {
        return ordered;
    }

    private void reorder() {
        ordered = services.stream()
                .sorted(Comparator.<Ranked<S>>comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId))
                .map(Ranked::service).toList();
    }

    // A ranking given as anything but an Integer counts as 0, as the framework itself counts it.
    private static int ranking(Map<String, Object> properties) {
        return properties.get("service.ranking") instanceof Integer i ? i : 0;
    }
}

package org.tessera.common.services;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The services of one plugin kind bound to a component (user directories, delivery targets, relay
 * policies, message filters), with their properties, and an immutable snapshot in {@code
 * service.ranking} order (highest first, then the lowest {@code service.id}, the framework's order):
 * binds come on SCR's threads while readers take the snapshot without a lock, once per use.
 */
public final class RankedServices<S> {

    /** One bound service and what orders it. */
    public record Ranked<S>(S service, int ranking, long serviceId, Map<String, Object> properties) {
    }

    private static final Comparator<Ranked<?>> ORDER = Comparator.<Ranked<?>>comparingInt(r -> -r.ranking())
            .thenComparingLong(Ranked::serviceId);

    // Guarded by this; changes are rare (bundles coming and going).
    private final List<Ranked<S>> bound = new ArrayList<>();
    private volatile List<Ranked<S>> ordered = List.of();
    private volatile List<S> services = List.of();

    /** Binds a service, or takes its new properties when it is bound already. */
    public synchronized void bind(S service, Map<String, Object> properties) {
        bound.removeIf(r -> r.service() == service);
        bound.add(new Ranked<>(service, ranking(properties), serviceId(properties), Map.copyOf(properties)));
        reorder();
    }

    public synchronized void unbind(S service) {
        bound.removeIf(r -> r.service() == service);
        reorder();
    }

    private void reorder() {
        ordered = bound.stream().sorted(ORDER).toList();
        services = ordered.stream().map(Ranked::service).toList();
    }

    /** The services, highest ranking first. */
    public List<S> services() {
        return services;
    }

    /** The highest-ranked service whose property {@code name} is {@code value}. */
    public Optional<S> first(String name, String value) {
        for (Ranked<S> r : ordered) {
            if (value.equals(r.properties().get(name))) {
                return Optional.of(r.service());
            }
        }
        return Optional.empty();
    }

    /** The highest-ranked service of each value of the property {@code name}, with its properties. */
    public Map<String, Ranked<S>> firstByProperty(String name) {
        Map<String, Ranked<S>> first = new HashMap<>();
        for (Ranked<S> r : ordered) {
            if (r.properties().get(name) instanceof String value) {
                first.putIfAbsent(value, r);
            }
        }
        return first;
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get("service.ranking") instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, Object> properties) {
        return properties.get("service.id") instanceof Number n ? n.longValue() : Long.MAX_VALUE;
    }

    /**
     * A list DS keeps for a dynamic field reference (sorted as {@code ServiceReference.compareTo}:
     * lowest ranking first, and of equal ranking the highest {@code service.id} first) in the
     * framework's order of preference: highest ranking first, then the lowest {@code service.id}.
     */
    public static <S> List<S> highestFirst(List<S> ascending) {
        // A view, not a copy: asked once per command on the sessions' path, of a list DS replaces whole.
        return new AbstractList<>() {
            @Override
            public S get(int index) {
                return ascending.get(ascending.size() - 1 - index);
            }

            @Override
            public int size() {
                return ascending.size();
            }
        };
    }
}

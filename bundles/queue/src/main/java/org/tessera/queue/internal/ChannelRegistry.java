package org.tessera.queue.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryChannel;

/**
 * The bound {@link DeliveryChannel} services and, per channel, the one the queue uses: the
 * highest {@code service.ranking}, then the lowest {@code service.id} (the framework's order).
 */
final class ChannelRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ChannelRegistry.class);

    private record Bound(DeliveryChannel service, Channel channel, int ranking, long serviceId) {
    }

    // Guarded by this; changes are rare (bundles coming and going).
    private final Map<Long, Bound> bound = new HashMap<>();
    // Read once per scheduler pass, without a lock: an immutable snapshot.
    private volatile Map<Channel, DeliveryChannel> current = Map.of();

    /** Adds or replaces a service; returns whether it names a channel. */
    synchronized boolean bind(DeliveryChannel service, Map<String, ?> properties) {
        long id = serviceId(properties);
        bound.remove(id);
        Channel channel = channel(properties);
        if (channel == null) {
            LOG.warn("DeliveryChannel service {} has no valid {} property ({}); not used", id,
                    DeliveryChannel.CHANNEL, properties.get(DeliveryChannel.CHANNEL));
        } else {
            bound.put(id, new Bound(Objects.requireNonNull(service, "service"), channel, ranking(properties), id));
        }
        rebuild();
        return channel != null;
    }

    /** Forgets a service. */
    synchronized void unbind(Map<String, ?> properties) {
        bound.remove(serviceId(properties));
        rebuild();
    }

    /** The service used for each channel now; a channel without one is absent. */
    Map<Channel, DeliveryChannel> current() {
        return current;
    }

    private void rebuild() {
        Map<Channel, Bound> best = new EnumMap<>(Channel.class);
        for (Bound b : bound.values()) {
            Bound other = best.get(b.channel);
            if (other == null || b.ranking > other.ranking
                    || (b.ranking == other.ranking && b.serviceId < other.serviceId)) {
                best.put(b.channel, b);
            }
        }
        Map<Channel, DeliveryChannel> next = new EnumMap<>(Channel.class);
        best.forEach((channel, b) -> next.put(channel, b.service));
        current = Map.copyOf(next);
    }

    private static Channel channel(Map<String, ?> properties) {
        Object value = properties.get(DeliveryChannel.CHANNEL);
        if (value instanceof String name) {
            try {
                return Channel.valueOf(name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
        return null;
    }

    private static long serviceId(Map<String, ?> properties) {
        return properties.get("service.id") instanceof Number n ? n.longValue() : -1;
    }

    private static int ranking(Map<String, ?> properties) {
        return properties.get("service.ranking") instanceof Integer n ? n : 0;
    }
}

package org.tessera.common.delivery;

import java.util.HashMap;
import java.util.Map;

import org.tessera.api.delivery.DeliveryTarget;

/**
 * The configuration a {@code UserProcessTarget} is given, made the same way in the server (from
 * its component's properties) and for the user process (from the service's properties): the
 * scalar properties as text, without the framework's.
 */
public final class TargetProperties {

    private TargetProperties() {
    }

    /** The scalar properties of a target's component or service, as text, without the framework's and the kind. */
    public static Map<String, String> scalars(Map<String, ?> properties) {
        Map<String, String> scalars = new HashMap<>();
        properties.forEach((key, value) -> {
            boolean framework = key.startsWith("service.") || key.startsWith("component.") || key.startsWith(".")
                    || key.equals("objectClass") || key.equals(DeliveryTarget.KIND);
            if (!framework && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
                scalars.put(key, value.toString());
            }
        });
        return scalars;
    }

    /**
     * A whole number of the configuration.
     *
     * @throws IllegalArgumentException when the property is set and is not a number
     */
    public static long longValue(Map<String, String> configuration, String name, long otherwise) {
        String value = configuration.get(name);
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a whole number: " + value, e);
        }
    }
}

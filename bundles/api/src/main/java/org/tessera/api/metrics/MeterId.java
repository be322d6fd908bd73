package org.tessera.api.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Which meter: its Prometheus name, its help text and its label values, for example
 * {@code MeterId.of("tessera_deliveries_total", "Delivery attempts by channel and outcome.")
 * .label("channel", "local").label("outcome", "success")}. Equal ids are the same series.
 *
 * <p>Label values come from a small set fixed by the program, never from the mail (addresses,
 * domains, IP addresses, users): {@link Metrics} says why.
 *
 * @param name {@code tessera_} then lower-case letters, digits and {@code _}, not ending with {@code _}
 * @param help what the meter counts or measures, one line, not empty
 * @param labels label name to value, in name order; names are lower-case letters, digits and
 *        {@code _} beginning with a letter ({@code le} and {@code quantile} are Prometheus's own),
 *        values of 1 to {@link #MAX_LABEL_VALUE} characters without control characters (Prometheus takes an
 *        empty value for a missing label)
 */
@ProviderType
public record MeterId(String name, String help, Map<String, String> labels) {

    /** The longest label value. */
    public static final int MAX_LABEL_VALUE = 100;

    private static final Pattern NAME = Pattern.compile("tessera_[a-z0-9_]*[a-z0-9]");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Set<String> RESERVED_LABELS = Set.of("le", "quantile");

    /**
     * Validates the components and copies the labels into name order.
     *
     * @throws NullPointerException when a component, a label name or a label value is null
     * @throws IllegalArgumentException when the name, the help, a label name or a label value is not
     *         as described above
     */
    public MeterId {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(help, "help");
        Objects.requireNonNull(labels, "labels");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Tessera metric name: " + name);
        }
        if (help.isBlank() || help.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the help of " + name + " must be one line, not empty");
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((label, value) -> {
            Objects.requireNonNull(label, "label name");
            Objects.requireNonNull(value, "label value");
            if (!LABEL_NAME.matcher(label).matches() || RESERVED_LABELS.contains(label)) {
                throw new IllegalArgumentException("not a label name: " + label);
            }
            if (value.isEmpty() || value.length() > MAX_LABEL_VALUE || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("label " + label + " of " + name
                        + ": a value is 1 to " + MAX_LABEL_VALUE + " characters without control characters");
            }
            sorted.put(label, value);
        });
        labels = Collections.unmodifiableMap(sorted);
    }

    /**
     * Returns an id without labels.
     *
     * @param name the name
     * @param help the help text
     * @return the id
     */
    public static MeterId of(String name, String help) {
        return new MeterId(name, help, Map.of());
    }

    /**
     * Returns this id with one more label, or another value of a label it has.
     *
     * @param label the label name
     * @param value its value, from a small fixed set
     * @return the new id
     */
    public MeterId label(String label, String value) {
        TreeMap<String, String> more = new TreeMap<>(labels);
        more.put(label, value);
        return new MeterId(name, help, more);
    }
}

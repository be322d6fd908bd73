package org.tessera.control.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * The {@code key:value} lines of {@code virtualdomains} or {@code smtproutes}, each turned into an
 * entry once and looked up case-insensitively by key, as qmail's constmap with its colon flag.
 */
final class ColonTable<T> {

    private final Map<String, T> entries = new HashMap<>();

    /**
     * @param lines the lines of the list reader
     * @param entry makes an entry of the key as written and the text after the first colon
     */
    ColonTable(List<String> lines, BiFunction<String, String, T> entry) {
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue; // qmail ignores lines without a colon
            }
            String key = line.substring(0, colon);
            // constmap chains later lines in front of earlier ones, so of two equal keys the last wins.
            entries.put(ControlParsers.lower(key), entry.apply(key, line.substring(colon + 1)));
        }
    }

    /** Returns the entry of the first key that is in the table, ignoring ASCII case. */
    Optional<T> first(List<String> keys) {
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        for (String key : keys) {
            T entry = entries.get(ControlParsers.lower(key));
            if (entry != null) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }
}

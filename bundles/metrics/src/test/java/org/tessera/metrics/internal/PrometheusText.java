package org.tessera.metrics.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** Prometheus's text format read back: each sample line's series ({@code name{labels}}) and value. */
final class PrometheusText {

    private PrometheusText() {
    }

    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }
}

package org.tessera.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MeterIdTest {

    private static final String HELP = "Delivery attempts.";

    @Test
    void labelsAreKeptInNameOrderAndMakeTheSeries() {
        MeterId id = MeterId.of("tessera_deliveries_total", HELP).label("outcome", "success").label("channel", "local");
        assertEquals(List.of("channel", "outcome"), List.copyOf(id.labels().keySet()));
        assertEquals(id, new MeterId("tessera_deliveries_total", HELP, Map.of("channel", "local", "outcome", "success")));
        assertNotEquals(id, id.label("channel", "remote"));
        assertEquals("remote", id.label("channel", "remote").labels().get("channel"));
    }

    @Test
    void labelsCannotBeChangedAfterwards() {
        Map<String, String> labels = new HashMap<>(Map.of("channel", "local"));
        MeterId id = new MeterId("tessera_deliveries_total", HELP, labels);
        labels.put("channel", "remote");
        assertEquals("local", id.labels().get("channel"));
        assertThrows(UnsupportedOperationException.class, () -> id.labels().put("x", "y"));
    }

    @Test
    void namesAreTesserasPrometheusNames() {
        for (String bad : List.of("deliveries_total", "tessera_", "tessera_Deliveries", "tessera_a.b", "tessera_a_",
                "tessera-a", "")) {
            assertThrows(IllegalArgumentException.class, () -> MeterId.of(bad, HELP), bad);
        }
        assertEquals("tessera_queue_messages", MeterId.of("tessera_queue_messages", HELP).name());
    }

    @Test
    void helpIsOneLine() {
        assertThrows(IllegalArgumentException.class, () -> MeterId.of("tessera_a", " "));
        assertThrows(IllegalArgumentException.class, () -> MeterId.of("tessera_a", "one\ntwo"));
        assertThrows(NullPointerException.class, () -> MeterId.of("tessera_a", null));
    }

    @Test
    void labelNamesAndValuesAreChecked() {
        MeterId id = MeterId.of("tessera_a", HELP);
        assertThrows(IllegalArgumentException.class, () -> id.label("le", "1"));
        assertThrows(IllegalArgumentException.class, () -> id.label("quantile", "1"));
        assertThrows(IllegalArgumentException.class, () -> id.label("Channel", "local"));
        assertThrows(IllegalArgumentException.class, () -> id.label("_channel", "local"));
        assertThrows(IllegalArgumentException.class, () -> id.label("plugin", "a\tb"));
        assertThrows(IllegalArgumentException.class, () -> id.label("plugin", "x".repeat(MeterId.MAX_LABEL_VALUE + 1)));
        assertThrows(NullPointerException.class, () -> id.label("plugin", null));
        assertEquals("x".repeat(MeterId.MAX_LABEL_VALUE),
                id.label("plugin", "x".repeat(MeterId.MAX_LABEL_VALUE)).labels().get("plugin"));
        assertThrows(IllegalArgumentException.class, () -> id.label("status_class", ""));
    }
}

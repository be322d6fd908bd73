package org.tessera.common.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The rule's DATABYTES wins over control/databytes, unless it is not a number. */
class DatabytesTest {

    @Test
    void theRuleWinsWhenItIsANumber() {
        List<String> bad = new ArrayList<>();
        assertEquals(5000, Databytes.of(Map.of(), 5000, bad::add));
        assertEquals(100, Databytes.of(Map.of("DATABYTES", " 100 "), 5000, bad::add));
        assertEquals(0, Databytes.of(Map.of("DATABYTES", "0"), 5000, bad::add));
        assertEquals(List.of(), bad);
        assertEquals(5000, Databytes.of(Map.of("DATABYTES", "lots"), 5000, bad::add));
        assertEquals(List.of("lots"), bad);
    }
}

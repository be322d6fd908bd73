package org.tessera.common.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tessera.api.delivery.DeliveryTarget;

class TargetPropertiesTest {

    @Test
    void keepsTheScalarsAsTextAndLeavesTheFrameworksOut() {
        Map<String, Object> service = Map.of("timeoutSeconds", 60L, "path", "/bin", "strict", true,
                "service.id", 7L, "component.name", "x", "objectClass", new String[] {"a"},
                DeliveryTarget.KIND, "maildir", ".hidden", "h", "list", List.of("a"));
        assertEquals(Map.of("timeoutSeconds", "60", "path", "/bin", "strict", "true"), TargetProperties.scalars(service));
    }

    @Test
    void aNumberIsReadOrDefaulted() {
        assertEquals(60, TargetProperties.longValue(Map.of("t", " 60 "), "t", 5));
        assertEquals(5, TargetProperties.longValue(Map.of(), "t", 5));
        assertEquals(5, TargetProperties.longValue(Map.of("t", ""), "t", 5));
        assertThrows(IllegalArgumentException.class, () -> TargetProperties.longValue(Map.of("t", "soon"), "t", 5));
    }
}

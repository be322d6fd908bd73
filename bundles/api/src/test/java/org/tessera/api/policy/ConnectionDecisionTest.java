package org.tessera.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectionDecisionTest {

    @Test
    void allowKeepsACopyOfTheVariables() {
        Map<String, String> env = new HashMap<>(Map.of("RELAYCLIENT", ""));
        ConnectionDecision d = new ConnectionDecision(true, env);
        env.put("DATABYTES", "10");
        assertEquals(Map.of("RELAYCLIENT", ""), d.environment());
        assertTrue(ConnectionDecision.ALLOW.allowed());
        assertFalse(ConnectionDecision.DENY.allowed());
    }

    @Test
    void denialHasNoVariables() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionDecision(false, Map.of("RELAYCLIENT", "")));
    }

    @Test
    void refusesMalformedNamesAndValues() {
        assertThrows(IllegalArgumentException.class, () -> new ConnectionDecision(true, Map.of("", "x")));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionDecision(true, Map.of("A=B", "x")));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionDecision(true, Map.of("A\0", "x")));
        assertThrows(IllegalArgumentException.class, () -> new ConnectionDecision(true, Map.of("A", "x\0y")));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new ConnectionDecision(true, null));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("RELAYCLIENT", null);
        assertThrows(NullPointerException.class, () -> new ConnectionDecision(true, withNull));
    }
}

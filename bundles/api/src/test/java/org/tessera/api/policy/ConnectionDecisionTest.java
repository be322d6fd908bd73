package org.tessera.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConnectionDecisionTest {

    @Test
    void allowKeepsACopyOfTheVariables() {
        Map<String, String> env = new HashMap<>(Map.of("RELAYCLIENT", ""));
        ConnectionDecision d = ConnectionDecision.allow(env);
        env.put("DATABYTES", "10");
        assertEquals(Map.of("RELAYCLIENT", ""), d.environment());
        assertEquals(ConnectionDecision.Outcome.ALLOW, d.outcome());
        assertEquals(ConnectionDecision.Outcome.ALLOW, ConnectionDecision.ALLOW.outcome());
        assertEquals(ConnectionDecision.Outcome.DENY, ConnectionDecision.DENY.outcome());
    }

    @Test
    void onlyAnAllowingDecisionHasVariables() {
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectionDecision(ConnectionDecision.Outcome.DENY, Map.of("RELAYCLIENT", "")));
        assertThrows(IllegalArgumentException.class,
                () -> new ConnectionDecision(ConnectionDecision.Outcome.NO_OPINION, Map.of("RELAYCLIENT", "")));
        assertThrows(NullPointerException.class, () -> new ConnectionDecision(null, Map.of()));
    }

    @Test
    void refusesMalformedNamesAndValues() {
        assertThrows(IllegalArgumentException.class, () -> ConnectionDecision.allow(Map.of("", "x")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionDecision.allow(Map.of("A=B", "x")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionDecision.allow(Map.of("A\0", "x")));
        assertThrows(IllegalArgumentException.class, () -> ConnectionDecision.allow(Map.of("A", "x\0y")));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> ConnectionDecision.allow(null));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("RELAYCLIENT", null);
        assertThrows(NullPointerException.class, () -> ConnectionDecision.allow(withNull));
    }
}

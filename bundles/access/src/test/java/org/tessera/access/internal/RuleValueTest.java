package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tessera.api.policy.ConnectionDecision;

/** Record values read as tcpserver reads them. */
class RuleValueTest {

    private static ConnectionDecision of(String value) {
        return RuleValue.decision(value.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyValueAllowsWithNothing() {
        assertEquals(ConnectionDecision.ALLOW, of(""));
    }

    @Test
    void assignsInOrderTheLaterOfOneNameWinning() {
        ConnectionDecision decision = of("+RELAYCLIENT=\0+A=1\0+B=x=y\0+A=2\0");
        assertEquals(ConnectionDecision.allow(Map.of("RELAYCLIENT", "", "A", "2", "B", "x=y")), decision);
    }

    @Test
    void denyWinsOverAssignments() {
        assertEquals(ConnectionDecision.DENY, of("D\0+V=1\0"));
    }

    @Test
    void skipsWhatNamesNoVariable() {
        assertEquals(ConnectionDecision.allow(Map.of("A", "1")), of("+=x\0+NOEQUALS\0?junk\0\0+A=1\0+B=unterminated"));
    }

    @Test
    void readsUtf8Values() {
        assertEquals(Map.of("SMTPGREETING", "h\u00e9llo"), of("+SMTPGREETING=h\u00e9llo\0").environment());
    }
}

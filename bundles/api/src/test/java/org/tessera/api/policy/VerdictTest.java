package org.tessera.api.policy;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.api.policy.Verdict.Outcome;

class VerdictTest {

    private static final String RCPTHOSTS = "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)";

    @Test
    void constants() {
        assertEquals(new Verdict(Outcome.ACCEPT, 0, ""), Verdict.ACCEPT);
        assertEquals(new Verdict(Outcome.NO_OPINION, 0, ""), Verdict.NO_OPINION);
    }

    @Test
    void rejectIs5xx() {
        assertDoesNotThrow(() -> new Verdict(Outcome.REJECT, 553, RCPTHOSTS));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.REJECT, 499, RCPTHOSTS));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.REJECT, 600, RCPTHOSTS));
    }

    @Test
    void deferIs4xx() {
        assertDoesNotThrow(() -> new Verdict(Outcome.DEFER, 451, "greylisted, try later (#4.7.1)"));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.DEFER, 553, "x"));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.DEFER, 399, "x"));
    }

    @Test
    void refusalNeedsOneLineOfText() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.REJECT, 553, ""));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.DEFER, 451, "  "));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.REJECT, 553, "no\r\n250 ok"));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.REJECT, 553, "no\n250 ok"));
    }

    @Test
    void acceptAndNoOpinionHaveNoCodeOrText() {
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.ACCEPT, 250, ""));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.ACCEPT, 0, "ok"));
        assertThrows(IllegalArgumentException.class, () -> new Verdict(Outcome.NO_OPINION, 451, ""));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new Verdict(null, 0, ""));
        assertThrows(NullPointerException.class, () -> new Verdict(Outcome.REJECT, 553, null));
    }
}

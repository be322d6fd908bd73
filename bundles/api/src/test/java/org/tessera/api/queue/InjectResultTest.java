package org.tessera.api.queue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.api.queue.InjectResult.Outcome;

class InjectResultTest {

    @Test
    void queuedMessageHasNumbers() {
        InjectResult r = new InjectResult(Outcome.OK, 0, "", 4711, 12);
        assertEquals(4711, r.messageId());
        assertEquals(12, r.qp());
        assertThrows(IllegalArgumentException.class, () -> new InjectResult(Outcome.OK, 0, "", 0, 12));
        assertThrows(IllegalArgumentException.class, () -> new InjectResult(Outcome.OK, 0, "", 4711, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 31, 40, 82})
    void permanentCodes(int code) {
        assertDoesNotThrow(() -> new InjectResult(Outcome.PERMANENT, code, "qq permanent problem (#5.3.0)", 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 41, 53, 54, 91, 256})
    void notPermanentCodes(int code) {
        assertThrows(IllegalArgumentException.class,
                () -> new InjectResult(Outcome.PERMANENT, code, "qq permanent problem (#5.3.0)", 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 10, 41, 51, 53, 54, 81, 82, 91, 120, 255})
    void temporaryCodes(int code) {
        assertDoesNotThrow(() -> new InjectResult(Outcome.TEMPORARY, code, "qq temporary problem (#4.3.0)", 0, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 11, 31, 40, 256, -1})
    void notTemporaryCodes(int code) {
        assertThrows(IllegalArgumentException.class,
                () -> new InjectResult(Outcome.TEMPORARY, code, "qq temporary problem (#4.3.0)", 0, 0));
    }

    @Test
    void okIsOnlyExitZero() {
        assertThrows(IllegalArgumentException.class, () -> new InjectResult(Outcome.OK, 53, "", 1, 1));
    }

    @Test
    void failureHasTextAndNoNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new InjectResult(Outcome.TEMPORARY, 53, "", 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new InjectResult(Outcome.TEMPORARY, 53, "qq write error or disk full (#4.3.0)", 7, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new InjectResult(Outcome.PERMANENT, 11, "envelope address too long for qq (#5.1.3)", 0, 7));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new InjectResult(null, 0, "", 1, 1));
        assertThrows(NullPointerException.class, () -> new InjectResult(Outcome.OK, 0, null, 1, 1));
    }
}

package org.tessera.api.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.api.delivery.DeliveryResult.Outcome;

class DeliveryResultTest {

    @Test
    void keepsText() {
        assertEquals("qp 4711", new DeliveryResult(Outcome.SUCCESS, "qp 4711").text());
        assertEquals(Outcome.SUCCESS_STOP, new DeliveryResult(Outcome.SUCCESS_STOP, "").outcome());
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new DeliveryResult(null, ""));
        assertThrows(NullPointerException.class, () -> new DeliveryResult(Outcome.TEMPORARY, null));
    }
}

package org.tessera.api.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.DeliveryReport.Outcome;

class DeliveryReportTest {

    @Test
    void keepsMultiLineText() {
        String text = "1.2.3.4 does not like recipient.\nRemote host said: 550 no such user\nGiving up on 1.2.3.4.\n";
        assertEquals(text, new DeliveryReport(Outcome.PERMANENT, text).text());
        assertEquals("", new DeliveryReport(Outcome.SUCCESS, "").text());
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new DeliveryReport(null, "did 1+0+0\n"));
        assertThrows(NullPointerException.class, () -> new DeliveryReport(Outcome.TEMPORARY, null));
    }
}

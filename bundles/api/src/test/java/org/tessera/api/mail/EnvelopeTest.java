package org.tessera.api.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class EnvelopeTest {

    private static final MailAddress JOE = new MailAddress("joe", "example.com");

    @Test
    void keepsOrderAndDuplicatesAndAllowsNoRecipient() {
        Envelope e = new Envelope(MailAddress.NULL_SENDER, List.of(JOE, JOE));
        assertEquals(List.of(JOE, JOE), e.recipients());
        assertTrue(new Envelope(JOE, List.of()).recipients().isEmpty());
    }

    @Test
    void copiesTheRecipientList() {
        List<MailAddress> list = new ArrayList<>(List.of(JOE));
        Envelope e = new Envelope(JOE, list);
        list.add(MailAddress.NULL_SENDER);
        assertEquals(List.of(JOE), e.recipients());
        assertThrows(UnsupportedOperationException.class, () -> e.recipients().add(JOE));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new Envelope(null, List.of(JOE)));
        assertThrows(NullPointerException.class, () -> new Envelope(JOE, null));
        assertThrows(NullPointerException.class, () -> new Envelope(JOE, Arrays.asList(JOE, null)));
    }
}

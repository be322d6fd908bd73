package org.tessera.api.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ListenerStateTest {

    @Test
    void aDisabledListenerHasNoAddress() {
        assertFalse(new ListenerState("POP3", "pop3", List.of(), 0, 0).listening());
        assertTrue(new ListenerState("POP3", "pop3", List.of("127.0.0.1:1110"), 2, 1).listening());
    }

    @Test
    void theAddressesAreCopiedAndCountsChecked() {
        List<String> addresses = new ArrayList<>(List.of("127.0.0.1:25"));
        ListenerState state = new ListenerState("SMTP", "smtp", addresses, 0, 0);
        addresses.clear();
        assertEquals(List.of("127.0.0.1:25"), state.addresses());
        assertThrows(IllegalArgumentException.class, () -> new ListenerState("SMTP", "smtp", List.of(), -1, 0));
        assertThrows(NullPointerException.class, () -> new ListenerState(null, "smtp", List.of(), 0, 0));
    }
}

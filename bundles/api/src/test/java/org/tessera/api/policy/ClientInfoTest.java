package org.tessera.api.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ClientInfoTest {

    @Test
    void unknownNamesAreEmpty() {
        ClientInfo c = new ClientInfo("smtp", "10.0.0.1", 40000, "127.0.0.1", 2525, "", "", "");
        assertEquals("", c.remoteHost());
        assertEquals(0, new ClientInfo("qmqp", "127.0.0.1", 0, "127.0.0.1", 0, "", "", "").remotePort());
    }

    @Test
    void refusesPortsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("smtp", "1.2.3.4", -1, "127.0.0.1", 25, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("smtp", "1.2.3.4", 65536, "127.0.0.1", 25, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, "127.0.0.1", -1, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, "127.0.0.1", 65536, "", "", ""));
    }

    @Test
    void refusesEmptyRequiredStrings() {
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("", "1.2.3.4", 1, "127.0.0.1", 25, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("smtp", "", 1, "127.0.0.1", 25, "", "", ""));
        assertThrows(IllegalArgumentException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, "", 25, "", "", ""));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new ClientInfo(null, "1.2.3.4", 1, "127.0.0.1", 25, "", "", ""));
        assertThrows(NullPointerException.class, () -> new ClientInfo("smtp", null, 1, "127.0.0.1", 25, "", "", ""));
        assertThrows(NullPointerException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, null, 25, "", "", ""));
        assertThrows(NullPointerException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, "127.0.0.1", 25, null, "", ""));
        assertThrows(NullPointerException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, "127.0.0.1", 25, "", null, ""));
        assertThrows(NullPointerException.class, () -> new ClientInfo("smtp", "1.2.3.4", 1, "127.0.0.1", 25, "", "", null));
    }
}

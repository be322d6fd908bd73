package org.tessera.api.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.api.queue.Origin.Kind;

class OriginTest {

    @Test
    void constants() {
        assertEquals(new Origin(Kind.NETWORK, Origin.SERVER_UID), Origin.NETWORK);
        assertEquals(new Origin(Kind.BOUNCE, Origin.SERVER_UID), Origin.BOUNCE);
    }

    @Test
    void userAndAliasNeedAUid() {
        assertEquals(507, new Origin(Kind.USER, 507).uid());
        assertEquals(0xFFFF_FFFFL, new Origin(Kind.ALIAS, 0xFFFF_FFFFL).uid());
        assertThrows(IllegalArgumentException.class, () -> new Origin(Kind.USER, Origin.SERVER_UID));
        assertThrows(IllegalArgumentException.class, () -> new Origin(Kind.ALIAS, -5));
        assertThrows(IllegalArgumentException.class, () -> new Origin(Kind.USER, 0x1_0000_0000L));
    }

    @Test
    void networkAndBounceTakeTheServersUid() {
        assertThrows(IllegalArgumentException.class, () -> new Origin(Kind.NETWORK, 1004));
        assertThrows(IllegalArgumentException.class, () -> new Origin(Kind.BOUNCE, 0));
    }

    @Test
    void refusesNullKind() {
        assertThrows(NullPointerException.class, () -> new Origin(null, 5));
    }
}

package org.tessera.maillog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class Tai64nTest {

    @Test
    void contractExampleDecodesToMarch2000() {
        // 0x38c3eeb0 = 952364720 = Unix 952364710 + 10; 0x27f41c7c = 670309500 ns (taia_now's usec*1000+500).
        assertEquals(Instant.parse("2000-03-06T17:45:10.670309500Z"), Tai64n.parse("@4000000038c3eeb027f41c7c"));
    }

    @Test
    void labelIsTwoToTheSixtySecondPlusTenPlusUnixSeconds() {
        assertEquals(4611686018427387914L, (1L << 62) + 10);
        assertEquals("@400000000000000a000001f4", Tai64n.label(Instant.EPOCH));
        assertEquals("@4000000038c3eeb027f41c7c", Tai64n.label(Instant.parse("2000-03-06T17:45:10.670309500Z")));
        // Computed from the definition: 2^62 + 10 + 1700000000 = 0x400000006553f10a.
        assertEquals("@400000006553f10a3b9ac80c",
                Tai64n.label(Instant.ofEpochSecond(1_700_000_000L, 999_999_999)));
    }

    @Test
    void nanosecondsAreMicrosecondsPlusFiveHundredAsMultilogWrites() {
        assertEquals("@400000000000000a000005dc",   // 1 µs -> 1000 + 500 = 0x5dc
                Tai64n.label(Instant.ofEpochSecond(0, 1234)));
    }

    @Test
    void roundTripsAndRejectsNonLabels() {
        Instant t = Instant.parse("2026-12-01T20:00:00.123456500Z");
        assertEquals(t, Tai64n.parse(Tai64n.label(t)));
        assertThrows(IllegalArgumentException.class, () -> Tai64n.parse("@4000000038C3EEB027F41C7C"));
        assertThrows(IllegalArgumentException.class, () -> Tai64n.parse("4000000038c3eeb027f41c7c"));
    }
}

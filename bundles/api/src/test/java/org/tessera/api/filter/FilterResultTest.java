package org.tessera.api.filter;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.api.filter.FilterResult.Outcome;

class FilterResultTest {

    @Test
    void acceptCopiesHeaders() {
        List<String> headers = new ArrayList<>(List.of("X-Spam-Status: No", "X-Scanned: by\n\tclamd"));
        FilterResult r = new FilterResult(Outcome.ACCEPT, 0, "", headers);
        headers.clear();
        assertEquals(2, r.headers().size());
        assertEquals(List.of(), FilterResult.ACCEPT.headers());
    }

    @Test
    void refusals() {
        assertDoesNotThrow(() -> new FilterResult(Outcome.REJECT, 554, "message refused (#5.7.1)", List.of()));
        assertDoesNotThrow(() -> new FilterResult(Outcome.DEFER, 451, "scanner unavailable (#4.3.0)", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.REJECT, 451, "x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.DEFER, 554, "x", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.REJECT, 554, "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.REJECT, 554, "a\nb", List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new FilterResult(Outcome.REJECT, 554, "x", List.of("X-Spam: yes")));
    }

    @Test
    void acceptHasNoCodeOrText() {
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.ACCEPT, 250, "", List.of()));
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.ACCEPT, 0, "ok", List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"no colon", ": no name", "Bad Name: x", "X-A: b\n\nbody", "X-A: b\n", "X-A: b\nX-B: c",
            "X-A: b\r\n c", "X-\u00e9: b", "X-A: b\0"})
    void refusesMalformedHeaders(String header) {
        assertThrows(IllegalArgumentException.class, () -> new FilterResult(Outcome.ACCEPT, 0, "", List.of(header)));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new FilterResult(null, 0, "", List.of()));
        assertThrows(NullPointerException.class, () -> new FilterResult(Outcome.ACCEPT, 0, null, List.of()));
        assertThrows(NullPointerException.class, () -> new FilterResult(Outcome.ACCEPT, 0, "", null));
        assertThrows(NullPointerException.class,
                () -> new FilterResult(Outcome.ACCEPT, 0, "", Arrays.asList("X-A: b", null)));
    }
}

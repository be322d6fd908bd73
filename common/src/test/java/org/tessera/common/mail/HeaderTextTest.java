package org.tessera.common.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class HeaderTextTest {

    @Test
    void everyControlCharacterBecomesAnUnderscore() {
        assertEquals("a_b_c_d_e_f_@x", HeaderText.oneLine("a\rb\nc\td\u0001e\u007ff\u001f@x"));
        assertEquals("joe_X-Injected: yes_@x", HeaderText.oneLine("joe\nX-Injected: yes\n@x"));
    }

    @Test
    void printableTextAndEightBitBytesAreKept() {
        String text = "\"a b\"@x.org \u00e9\u00ff ~!";
        assertSame(text, HeaderText.oneLine(text));
    }
}

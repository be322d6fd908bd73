package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuotingTest {

    @ParameterizedTest
    @ValueSource(strings = {"joe", "first.last", "a+b-c=d", "!#$%&'*+-/=?^_`{|}~", "A9"})
    void leavesPlainBoxesBare(String box) {
        assertFalse(Quoting.needsQuoting(box));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "joe user", ".joe", "joe.", "jo..e", "a\"b", "a(b", "a,b", "a:b", "a<b", "a@b", "a[b",
        "a\\b", "\u00e4", "\u007f", "a\tb"})
    void quotesBoxesThatNeedIt(String box) {
        assertTrue(Quoting.needsQuoting(box));
    }

    @Test
    void quotesOnlyThePartBeforeTheLastAt() {
        assertEquals("\"joe user\"@host", Quoting.quoteAddress("joe user@host"));
        assertEquals("\"a@b\"@c", Quoting.quoteAddress("a@b@c"));
        assertEquals("\"\"@host", Quoting.quoteAddress("@host"));
        assertEquals("\"no host\"", Quoting.quoteAddress("no host"));
        assertEquals("\"a\\\"b\\\\c\\\nd\"@e", Quoting.quoteAddress("a\"b\\c\nd@e"));
        assertEquals("", Quoting.quoteAddress(""));
        assertEquals("joe@host with space", Quoting.quoteAddress("joe@host with space"));
    }
}

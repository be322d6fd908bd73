package org.tessera.common.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RfcQuoteTest {

    @ParameterizedTest
    @ValueSource(strings = {"joe", "first.last", "a+b-c=d", "!#$%&'*+-/=?^_`{|}~", "A9"})
    void leavesPlainBoxesBare(String box) {
        assertFalse(RfcQuote.needsQuoting(box));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "joe user", ".joe", "joe.", "jo..e", "a\"b", "a(b", "a,b", "a:b", "a<b", "a@b", "a[b",
        "a\\b", "\u00e4", "\u007f", "a\tb"})
    void quotesBoxesThatNeedIt(String box) {
        assertTrue(RfcQuote.needsQuoting(box));
    }

    @Test
    void quotesOnlyThePartBeforeTheLastAt() {
        assertEquals("\"joe user\"@host", RfcQuote.quoteAddress("joe user@host"));
        assertEquals("\"a@b\"@c", RfcQuote.quoteAddress("a@b@c"));
        assertEquals("\"\"@host", RfcQuote.quoteAddress("@host"));
        assertEquals("\"no host\"", RfcQuote.quoteAddress("no host"));
        assertEquals("\"a\\\"b\\\\c\\\nd\"@e", RfcQuote.quoteAddress("a\"b\\c\nd@e"));
        assertEquals("", RfcQuote.quoteAddress(""));
        assertEquals("joe@host with space", RfcQuote.quoteAddress("joe@host with space"));
    }
}

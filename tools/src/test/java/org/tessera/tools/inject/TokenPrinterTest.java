package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TokenPrinterTest {

    private static String reformat(String field) {
        return TokenPrinter.format(TokenParser.parse(field).orElseThrow());
    }

    @Test
    void spacesTokensAsQmailDoes() {
        assertEquals("To: a.b@c.d, \"q\" <x@y>(c), g: h;\n", reformat("To:a . b@ c.d,\"q\"<x@y>(c),g:h;"));
        assertEquals("From: a b c\n", reformat("From: a  b\tc"));
    }

    @Test
    void escapesSpecialBytesInEveryKindOfWord() {
        assertEquals("X: \"a\\\"b\" [c\\]d] (e\\(f\\)) \"g\\\\h\"\n", reformat("X: \"a\\\"b\" [c\\]d] (e\\(f\\)) g\\\\h"));
    }

    @Test
    void printsNoTokensAsAnEmptyLine() {
        assertEquals("To:\n", reformat("To:"));
    }

    @Test
    void foldsLongListsAtCommasAsQmailInjectDoes() {
        String field = "To: alpha@one.example, bravo@two.example, charlie@three.example, delta@four.example,"
                + " echo@five.example, foxtrot@six.example, golf@seven.example, hotel@eight.example,"
                + " india@nine.example, juliet@ten.example\n";
        // notqmail's qmail-inject -n output for this field
        String folded = "To: alpha@one.example, bravo@two.example, charlie@three.example,\n"
                + "  delta@four.example, echo@five.example, foxtrot@six.example,\n"
                + "  golf@seven.example, hotel@eight.example, india@nine.example,\n"
                + "  juliet@ten.example\n";
        assertEquals(folded, reformat(field));
    }

    @Test
    void keepsAnOverlongAddressWhole() {
        String address = "x".repeat(100) + "@example.com";
        assertEquals("To: " + address + ",\n  b@c\n", reformat("To: " + address + ", b@c"));
    }

    @Test
    void unquotesToTheEnvelopeForm() {
        assertEquals("quoted user@[1.2.3.4]",
                TokenPrinter.unquote(TokenParser.parse("\"quoted user\" (comment) @ [1.2.3.4]").orElseThrow()));
    }
}

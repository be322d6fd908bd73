package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenParserTest {

    /** Tokens as {@code TYPE:text} joined by spaces, specials as their type alone. */
    private static String tokens(String input) {
        return TokenParser.parse(input).orElseThrow().stream()
                .map(token -> token.type().isWord() ? token.type() + ":" + token.text() : token.type().toString())
                .collect(Collectors.joining(" "));
    }

    @Test
    void splitsSpecialsAndWordsAndSkipsWhitespace() {
        assertEquals("ATOM:To COLON ATOM:a AT ATOM:b DOT ATOM:c COMMA LEFT ATOM:d RIGHT SEMI",
                tokens("To: a @b.c ,\r\n\t<d>;"));
    }

    @Test
    void readsQuotedStringsLiteralsAndCommentsWithEscapes() {
        assertEquals("QUOTE:a \"b\" LITERAL:1.2]3 COMMENT:x (y) z",
                tokens("\"a \\\"b\\\"\" [1.2\\]3] (x \\(y\\) z)"));
    }

    @Test
    void dropsTheParenthesesOfNestedComments() {
        assertEquals("COMMENT:outer inner", tokens("(outer (inner))"));
    }

    @Test
    void turnsAtomsThatCannotBePrintedBareIntoQuotedStrings() {
        assertEquals("QUOTE:a)b QUOTE:c]d QUOTE:e\\f QUOTE:g\u00e4", tokens("a)b c]d e\\\\f g\u00e4"));
        assertEquals("ATOM:a b", tokens("a\\ b"));
    }

    @Test
    void endsAnAtomAtATrailingBackslash() {
        assertEquals("ATOM:a ATOM:", tokens("a \\"));
    }

    @Test
    void parsesNothingToNoTokens() {
        assertEquals(List.of(), TokenParser.parse(" \n").orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"(unterminated", "(a (b)", "\"open", "[open", "a ) b", "] x", "\"x\\", "(x\\"})
    void refusesUnbalancedInput(String input) {
        assertTrue(TokenParser.parse(input).isEmpty());
    }
}

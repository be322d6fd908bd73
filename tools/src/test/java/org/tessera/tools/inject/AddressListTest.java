package org.tessera.tools.inject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

class AddressListTest {

    private final List<String> visited = new ArrayList<>();

    /** Records each address and marks it, so the output shows where addresses were found. */
    private final UnaryOperator<List<Token>> marking = address -> {
        visited.add(TokenPrinter.unquote(address));
        List<Token> marked = new ArrayList<>(address);
        marked.add(new Token(Token.Type.ATOM, "!"));
        return marked;
    };

    private Optional<String> rewrite(String field) {
        return AddressList.rewriteField(field, marking);
    }

    @Test
    void visitsAddressesRightToLeft() {
        assertEquals("To: a !, b !\n", rewrite("To: a, b\n").orElseThrow());
        assertEquals(List.of("b", "a"), visited);
    }

    @Test
    void separatesAdjacentWordsIntoAddresses() {
        assertEquals("To: djb !, fred !\n", rewrite("To: djb fred\n").orElseThrow());
    }

    @Test
    void keepsPhrasesAndGroupNamesOutOfAddresses() {
        assertEquals("To: Fred Nurk <fred@nurk !>, list: one !, two !;, empty: ;\n",
                rewrite("To: Fred Nurk <fred@nurk>, list: one, two;, empty:;\n").orElseThrow());
        assertEquals(List.of("two", "one", "fred@nurk"), visited);
    }

    @Test
    void passesTheNullAddressInAngleBrackets() {
        assertEquals("Return-Path: <!>\n", rewrite("Return-Path: <>\n").orElseThrow());
        assertEquals(List.of(""), visited);
    }

    @Test
    void movesACommentBehindTheAddressRightOfIt() {
        // qmail writes a comment out as it reads it, before the address it has not finished yet
        assertEquals("To: a !, b !, d ! (c)\n", rewrite("To: a, b (c) d\n").orElseThrow());
    }

    @Test
    void refusesBrokenGroupsAndRouteAddresses() {
        assertTrue(rewrite("To: a;b;\n").isEmpty());
        assertTrue(rewrite("To: a:b\n").isEmpty());
        assertTrue(rewrite("To: c, x>\n").isEmpty());
    }

    @Test
    void hasVisitedTheAddressesRightOfTheBreakWhenItRefuses() {
        assertTrue(rewrite("To: x>, c\n").isEmpty());
        assertEquals(List.of("c", "x"), visited);
    }

    @Test
    void refusesWhatDoesNotTokenise() {
        assertTrue(rewrite("To: (a\n").isEmpty());
        assertTrue(visited.isEmpty());
    }
}

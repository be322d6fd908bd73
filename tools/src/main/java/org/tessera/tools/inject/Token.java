package org.tessera.tools.inject;

/**
 * One RFC 822 lexical token as qmail's token822 sees it; {@code text} holds the unescaped content of
 * words, quoted strings, domain literals and comments (one char per byte) and is empty for specials.
 */
record Token(Type type, String text) {

    /** The kinds of token822 tokens. */
    enum Type {
        ATOM, QUOTE, LITERAL, COMMENT, LEFT, RIGHT, AT, COMMA, SEMI, COLON, DOT;

        /** Words carry text and need a space between each other when printed. */
        boolean isWord() {
            return this == ATOM || this == QUOTE || this == LITERAL || this == COMMENT;
        }
    }

    static Token of(Type type) {
        return new Token(type, "");
    }

    boolean is(Type expected) {
        return type == expected;
    }
}

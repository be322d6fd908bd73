package org.tessera.tools.inject;

import java.util.List;

/** Turns tokens back into header text (qmail's token822_unparse) or into a bare address (token822_unquote). */
final class TokenPrinter {

    /** Where qmail-inject folds address lists. */
    static final int LINE_LENGTH = 80;

    private final StringBuilder text = new StringBuilder();
    private int lineStart;
    private int pendingBreak = -1;

    private TokenPrinter() {
    }

    /**
     * The tokens as a header field ending in a newline: spaced as qmail spaces them, with a break
     * after each comma kept only where the line would otherwise grow past {@link #LINE_LENGTH}.
     */
    static String format(List<Token> tokens) {
        TokenPrinter printer = new TokenPrinter();
        Token.Type last = null;
        for (Token token : tokens) {
            if (last != null && needsSpace(last, token.type())) {
                printer.text.append(' ');
            }
            last = token.type();
            printer.print(token);
        }
        printer.breakLine();
        printer.text.setLength(printer.text.length() - 1);
        return printer.text.toString();
    }

    /** The address as the envelope carries it: words unescaped and unquoted, comments dropped. */
    static String unquote(List<Token> tokens) {
        StringBuilder address = new StringBuilder();
        for (Token token : tokens) {
            switch (token.type()) {
                case ATOM, QUOTE -> address.append(token.text());
                case LITERAL -> address.append('[').append(token.text()).append(']');
                case COMMENT -> { }
                default -> address.append(special(token.type()));
            }
        }
        return address.toString();
    }

    private static boolean needsSpace(Token.Type previous, Token.Type next) {
        return previous == Token.Type.COLON || previous == Token.Type.COMMA || next == Token.Type.LEFT
                || (previous.isWord() && next.isWord());
    }

    private void print(Token token) {
        switch (token.type()) {
            case ATOM -> escape(token.text());
            case QUOTE -> enclose('"', token.text(), '"');
            case LITERAL -> enclose('[', token.text(), ']');
            case COMMENT -> enclose('(', token.text(), ')');
            case COMMA -> {
                text.append(',');
                breakLine();
            }
            default -> text.append(special(token.type()));
        }
    }

    /**
     * Every comma gets a tentative {@code "\n "}; the previous tentative break is taken back when the
     * line up to this comma still fits, so a break survives only where the next part would not fit.
     */
    private void breakLine() {
        int end = text.length();
        if (pendingBreak >= 0 && end - lineStart <= LINE_LENGTH) {
            text.delete(pendingBreak, pendingBreak + 2);
        } else if (pendingBreak >= 0) {
            lineStart = pendingBreak + 1;
        }
        pendingBreak = text.length();
        text.append("\n ");
    }

    private void enclose(char open, String content, char close) {
        text.append(open);
        escape(content);
        text.append(close);
    }

    /** qmail escapes the same bytes in every kind of word, atoms included. */
    private void escape(String content) {
        for (int i = 0; i < content.length(); i++) {
            char c = content.charAt(i);
            if ("\"[]()\\\r\n".indexOf(c) >= 0) {
                text.append('\\');
            }
            text.append(c);
        }
    }

    private static char special(Token.Type type) {
        return switch (type) {
            case LEFT -> '<';
            case RIGHT -> '>';
            case AT -> '@';
            case COMMA -> ',';
            case SEMI -> ';';
            case COLON -> ':';
            case DOT -> '.';
            default -> throw new IllegalArgumentException(type + " is not a special");
        };
    }
}

package org.tessera.tools.inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Splits a header field (or an address) into RFC 822 tokens the way qmail's token822_parse does. */
final class TokenParser {

    private final String input;
    private final List<Token> tokens = new ArrayList<>();
    private int index;

    private TokenParser(String input) {
        this.input = input;
    }

    /**
     * The tokens of {@code input} (one char per byte), or empty when a comment, quoted string or
     * domain literal is unterminated or a {@code )} or {@code ]} stands outside one.
     */
    static Optional<List<Token>> parse(String input) {
        TokenParser parser = new TokenParser(input);
        return parser.run() ? Optional.of(parser.tokens) : Optional.empty();
    }

    private boolean run() {
        while (index < input.length()) {
            char c = input.charAt(index);
            switch (c) {
                case '.' -> special(Token.Type.DOT);
                case ',' -> special(Token.Type.COMMA);
                case '@' -> special(Token.Type.AT);
                case '<' -> special(Token.Type.LEFT);
                case '>' -> special(Token.Type.RIGHT);
                case ':' -> special(Token.Type.COLON);
                case ';' -> special(Token.Type.SEMI);
                case ' ', '\t', '\r', '\n' -> index++;
                case ')', ']' -> {
                    return false;
                }
                case '(' -> {
                    if (!comment()) {
                        return false;
                    }
                }
                case '"' -> {
                    if (!delimited('"', Token.Type.QUOTE)) {
                        return false;
                    }
                }
                case '[' -> {
                    if (!delimited(']', Token.Type.LITERAL)) {
                        return false;
                    }
                }
                default -> atom();
            }
        }
        return true;
    }

    private void special(Token.Type type) {
        tokens.add(Token.of(type));
        index++;
    }

    /** Comments nest; like qmail, the inner parentheses themselves are dropped from the text. */
    private boolean comment() {
        StringBuilder text = new StringBuilder();
        int level = 1;
        while (level > 0) {
            if (++index >= input.length()) {
                return false;
            }
            char c = input.charAt(index);
            if (c == '(') {
                level++;
            } else if (c == ')') {
                level--;
            } else {
                if (c == '\\' && ++index >= input.length()) {
                    return false;
                }
                text.append(input.charAt(index));
            }
        }
        index++;
        tokens.add(new Token(Token.Type.COMMENT, text.toString()));
        return true;
    }

    private boolean delimited(char end, Token.Type type) {
        StringBuilder text = new StringBuilder();
        while (true) {
            if (++index >= input.length()) {
                return false;
            }
            char c = input.charAt(index);
            if (c == end) {
                break;
            }
            if (c == '\\' && ++index >= input.length()) {
                return false;
            }
            text.append(input.charAt(index));
        }
        index++;
        tokens.add(new Token(type, text.toString()));
        return true;
    }

    /** A backslash quotes the next byte; an atom holding bytes an atom may not print becomes a quoted string. */
    private void atom() {
        StringBuilder text = new StringBuilder();
        do {
            if (input.charAt(index) == '\\' && ++index >= input.length()) {
                break;
            }
            text.append(input.charAt(index));
            index++;
        } while (index < input.length() && continuesAtom(input.charAt(index)));
        tokens.add(new Token(printableAsAtom(text) ? Token.Type.ATOM : Token.Type.QUOTE, text.toString()));
    }

    private static boolean continuesAtom(char c) {
        return " \t\r\n([\"<>;:@,.".indexOf(c) < 0;
    }

    private static boolean printableAsAtom(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 32 || c > 126 || c == ')' || c == ']' || c == '\\') {
                return false;
            }
        }
        return true;
    }
}

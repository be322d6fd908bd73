package org.tessera.tools.inject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Finds the addresses in a tokenised address-list field and has each one rewritten, as qmail's
 * token822_addrlist does: right to left, so addresses are visited last first.
 */
final class AddressList {

    /** The field name and its colon, which are never part of the list. */
    private static final int FIRST_LIST_TOKEN = 2;

    private static final Token COMMA = Token.of(Token.Type.COMMA);

    private final List<Token> field;
    private final UnaryOperator<List<Token>> rewrite;
    /** Both lists are built backwards, as they are read, and turned round at the end. */
    private final List<Token> output = new ArrayList<>();
    private final List<Token> address = new ArrayList<>();
    private int next;

    private AddressList(List<Token> field, UnaryOperator<List<Token>> rewrite) {
        this.field = field;
        this.rewrite = rewrite;
        this.next = field.size() - 1;
    }

    /**
     * The header field (text ending in a newline) tokenised, with every address replaced by
     * {@code rewrite} of it, and printed again as qmail prints it; empty if it does not parse.
     */
    static Optional<String> rewriteField(String field, UnaryOperator<List<Token>> rewrite) {
        Optional<List<Token>> tokens = TokenParser.parse(field);
        Optional<List<Token>> rewritten = tokens.isEmpty() ? tokens : rewrite(tokens.get(), rewrite);
        return rewritten.isEmpty() ? Optional.empty() : Optional.of(TokenPrinter.format(rewritten.get()));
    }

    /**
     * The field with every address replaced by {@code rewrite} of it (given and returned in reading
     * order), or empty when the group or route-address syntax is broken. Addresses right of the
     * break have been handed to {@code rewrite} by then, as in qmail.
     */
    static Optional<List<Token>> rewrite(List<Token> field, UnaryOperator<List<Token>> rewrite) {
        AddressList list = new AddressList(field, rewrite);
        if (!list.run()) {
            return Optional.empty();
        }
        for (int i = Math.min(field.size(), FIRST_LIST_TOKEN) - 1; i >= 0; i--) {
            list.output.add(field.get(i));
        }
        Collections.reverse(list.output);
        return Optional.of(list.output);
    }

    private boolean run() {
        boolean inGroup = false;
        // a word right of a word without a comma between them starts another address ("djb fred")
        boolean wordAllowed = true;
        while (next >= FIRST_LIST_TOKEN) {
            switch (type()) {
                case SEMI -> {
                    flushWithComma();
                    if (inGroup) {
                        return false;
                    }
                    inGroup = true;
                    wordAllowed = true;
                    output.add(take());
                }
                case COLON -> {
                    flush();
                    if (!inGroup) {
                        return false;
                    }
                    inGroup = false;
                    while (next >= FIRST_LIST_TOKEN && type() != Token.Type.COMMA) {
                        output.add(take());
                    }
                    if (next >= FIRST_LIST_TOKEN) {
                        output.add(take());
                    }
                    wordAllowed = true;
                }
                case RIGHT -> {
                    flushWithComma();
                    output.add(take());
                    while (next >= FIRST_LIST_TOKEN && type() != Token.Type.LEFT) {
                        address.add(take());
                    }
                    // <> is an address too
                    flushEvenIfEmpty();
                    if (next < FIRST_LIST_TOKEN) {
                        return false;
                    }
                    output.add(take());
                    while (next >= FIRST_LIST_TOKEN && isPhrasePart(type())) {
                        output.add(take());
                    }
                    wordAllowed = false;
                }
                case ATOM, QUOTE, LITERAL -> {
                    if (!wordAllowed) {
                        flushWithComma();
                    }
                    wordAllowed = false;
                    address.add(take());
                }
                // lexically a comment is a space: it goes straight to the output
                case COMMENT -> output.add(take());
                case COMMA -> {
                    flush();
                    wordAllowed = true;
                    output.add(take());
                }
                default -> {
                    wordAllowed = true;
                    address.add(take());
                }
            }
        }
        flush();
        return true;
    }

    private static boolean isPhrasePart(Token.Type type) {
        return switch (type) {
            case COMMENT, ATOM, QUOTE, AT, DOT -> true;
            default -> false;
        };
    }

    private Token.Type type() {
        return field.get(next).type();
    }

    private Token take() {
        return field.get(next--);
    }

    private void flush() {
        if (!address.isEmpty()) {
            flushEvenIfEmpty();
        }
    }

    private void flushWithComma() {
        if (!address.isEmpty()) {
            flushEvenIfEmpty();
            output.add(COMMA);
        }
    }

    private void flushEvenIfEmpty() {
        List<Token> inReadingOrder = new ArrayList<>(address);
        Collections.reverse(inReadingOrder);
        List<Token> rewritten = new ArrayList<>(rewrite.apply(inReadingOrder));
        Collections.reverse(rewritten);
        output.addAll(rewritten);
        address.clear();
    }
}

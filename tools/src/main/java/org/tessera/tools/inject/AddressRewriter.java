package org.tessera.tools.inject;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** Completes one address from the controls, as qmail-inject's rwgeneric does (qmail-inject(8)). */
final class AddressRewriter implements UnaryOperator<List<Token>> {

    private final List<Token> atDefaultHost;
    private final List<Token> dotDefaultDomain;
    private final List<Token> dotPlusDomain;

    private AddressRewriter(List<Token> atDefaultHost, List<Token> dotDefaultDomain, List<Token> dotPlusDomain) {
        this.atDefaultHost = atDefaultHost;
        this.dotDefaultDomain = dotDefaultDomain;
        this.dotPlusDomain = dotPlusDomain;
    }

    /** The rewriter for these controls; a control that does not tokenise is a fatal parse error. */
    static AddressRewriter of(Controls controls) throws InjectFailure {
        List<Token> domain = tokens("." + controls.defaultDomain());
        List<Token> host = tokens("@" + controls.defaultHost());
        List<Token> plus = tokens("." + controls.plusDomain());
        return new AddressRewriter(host, domain, plus);
    }

    private static List<Token> tokens(String text) throws InjectFailure {
        return InjectFailure.parsedOrFail(TokenParser.parse(text), text);
    }

    /** The address (tokens in reading order) with the rewriting steps applied. */
    List<Token> rewrite(List<Token> original) {
        List<Token> address = new ArrayList<>(original);
        if (address.isEmpty() || isBoxAtEmptyLiteral(address)) {
            return address;
        }
        if (address.get(0).is(Token.Type.AT)) {
            removeSourceRoute(address);
        }
        if (!address.isEmpty() && last(address).is(Token.Type.DOT)) {
            removeLast(address);
        }
        if (!address.isEmpty() && last(address).is(Token.Type.AT)) {
            removeLast(address);
        }
        if (address.isEmpty()) {
            return address;
        }
        if (!contains(address, Token.Type.AT)) {
            address.addAll(atDefaultHost);
        }
        Token lastToken = last(address);
        if (lastToken.is(Token.Type.ATOM) && lastToken.text().endsWith("+")) {
            String withoutPlus = lastToken.text().substring(0, lastToken.text().length() - 1);
            address.set(address.size() - 1, new Token(Token.Type.ATOM, withoutPlus));
            address.addAll(dotPlusDomain);
        }
        if (!hostHasDotOrLiteral(address)) {
            address.addAll(dotDefaultDomain);
        }
        return address;
    }

    /**
     * An argument or {@code -f} address: quoted as qmail quotes a box, tokenised, rewritten and
     * unquoted again; empty if the quoted form does not tokenise.
     */
    Optional<String> envelopeAddress(String quoted) {
        Optional<List<Token>> tokens = TokenParser.parse(quoted);
        return tokens.isEmpty() ? Optional.empty() : Optional.of(TokenPrinter.unquote(rewrite(tokens.get())));
    }

    @Override
    public List<Token> apply(List<Token> address) {
        return rewrite(address);
    }

    private static boolean contains(List<Token> address, Token.Type type) {
        for (Token token : address) {
            if (token.is(type)) {
                return true;
            }
        }
        return false;
    }

    /** {@code box@[]} stands for "this host" to qmail and is left alone. */
    private static boolean isBoxAtEmptyLiteral(List<Token> address) {
        int size = address.size();
        return size >= 2 && address.get(size - 1).is(Token.Type.LITERAL) && address.get(size - 1).text().isEmpty()
                && address.get(size - 2).is(Token.Type.AT);
    }

    /** Drops everything up to and including the route's colon; a route without one leaves nothing. */
    private static void removeSourceRoute(List<Token> address) {
        while (!address.isEmpty()) {
            if (address.remove(0).is(Token.Type.COLON)) {
                return;
            }
        }
    }

    /** Looks right of the last {@code @} only. */
    private static boolean hostHasDotOrLiteral(List<Token> address) {
        for (int i = address.size() - 1; i >= 0 && !address.get(i).is(Token.Type.AT); i--) {
            if (address.get(i).is(Token.Type.DOT) || address.get(i).is(Token.Type.LITERAL)) {
                return true;
            }
        }
        return false;
    }

    private static Token last(List<Token> address) {
        return address.get(address.size() - 1);
    }

    private static void removeLast(List<Token> address) {
        address.remove(address.size() - 1);
    }
}

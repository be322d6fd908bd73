package org.tessera.tools.inject;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Rewrites Return-Path addresses and keeps the first one it sees as the envelope sender, unless
 * {@code -f} set the sender already; qmail reads address lists right to left, so "first" is the
 * rightmost address of the first Return-Path field.
 */
final class ReturnPath implements UnaryOperator<List<Token>> {

    /** Per-recipient VERP: qmail-send puts the recipient between the {@code -} and the {@code @[]}. */
    private static final String VERP_SUFFIX = "-@[]";

    private final AddressRewriter rewriter;
    private final boolean perRecipientVerp;
    private String sender;

    /** @param sender the sender set by {@code -f}, already rewritten, or null */
    ReturnPath(AddressRewriter rewriter, boolean perRecipientVerp, String sender) {
        this.rewriter = rewriter;
        this.perRecipientVerp = perRecipientVerp;
        this.sender = sender;
    }

    @Override
    public List<Token> apply(List<Token> address) {
        List<Token> rewritten = rewriter.rewrite(address);
        if (sender == null) {
            sender = TokenPrinter.unquote(rewritten) + (perRecipientVerp ? VERP_SUFFIX : "");
        }
        return rewritten;
    }

    Optional<String> sender() {
        return Optional.ofNullable(sender);
    }
}

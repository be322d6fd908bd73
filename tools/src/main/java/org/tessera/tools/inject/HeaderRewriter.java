package org.tessera.tools.inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Fixes the header fields of one message (qmail-header(5)): rewrites address fields, collects header
 * recipients and the Return-Path sender, drops the fields qmail-inject drops, and prepends the
 * fields it adds.
 */
final class HeaderRewriter {

    /** What qmail-inject writes for a message that names no visible recipient. */
    private static final String NO_RECIPIENTS_SHOWN = "Cc: recipient list not shown: ;\n";

    private final AddressRewriter rewriter;
    private final InjectFlags flags;
    private final ReturnPath returnPath;
    private final Set<HeaderName> seen = EnumSet.noneOf(HeaderName.class);
    private final List<String> kept = new ArrayList<>();
    private final List<String> recipients = new ArrayList<>();
    private final List<String> resentRecipients = new ArrayList<>();
    private final List<String> toAndCc = new ArrayList<>();

    /** @param sender the envelope sender {@code -f} set, rewritten, or null */
    HeaderRewriter(AddressRewriter rewriter, InjectFlags flags, String sender) {
        this.rewriter = rewriter;
        this.flags = flags;
        this.returnPath = new ReturnPath(rewriter, flags.perRecipientVerp(), sender);
    }

    /** Takes one header field, newline included. */
    void field(String field) throws InjectFailure {
        HeaderName name = HeaderName.of(field).orElse(null);
        if ((flags.deleteFrom() && name == HeaderName.FROM)
                || (flags.deleteMessageId() && name == HeaderName.MESSAGE_ID)
                || (flags.ignoreReturnPath() && name == HeaderName.RETURN_PATH)) {
            return;
        }
        String result = field;
        if (name != null) {
            seen.add(name);
            result = switch (name.role()) {
                case NONE -> field;
                case SENDER -> rewriteOrDie(field, rewriter);
                case RETURN_PATH -> rewriteOrDie(field, returnPath);
                case TO_OR_CC -> rewriteOrKeep(field, new Collecting(rewriter, recipients, toAndCc));
                case RECIPIENT -> rewriteOrKeep(field, new Collecting(rewriter, recipients));
                case RESENT_RECIPIENT -> rewriteOrKeep(field, new Collecting(rewriter, resentRecipients));
            };
            if (name.isRemoved()) {
                return;
            }
        }
        kept.add(result);
    }

    private static String rewriteOrDie(String field, UnaryOperator<List<Token>> rewrite) throws InjectFailure {
        return InjectFailure.parsedOrFail(AddressList.rewriteField(field, rewrite), field);
    }

    /** notqmail leaves a recipient field it cannot parse as it is (netqmail gave up). */
    private static String rewriteOrKeep(String field, UnaryOperator<List<Token>> rewrite) {
        return AddressList.rewriteField(field, rewrite).orElse(field);
    }

    /** Rewrites each address and adds it, as an envelope address, to some lists of recipients. */
    private static final class Collecting implements UnaryOperator<List<Token>> {

        private final AddressRewriter rewriter;
        private final List<List<String>> lists;

        @SafeVarargs
        Collecting(AddressRewriter rewriter, List<String>... lists) {
            this.rewriter = rewriter;
            this.lists = List.of(lists);
        }

        @Override
        public List<Token> apply(List<Token> address) {
            List<Token> rewritten = rewriter.rewrite(address);
            String envelopeAddress = TokenPrinter.unquote(rewritten);
            for (List<String> list : lists) {
                list.add(envelopeAddress);
            }
            return rewritten;
        }
    }

    /** Whether a {@code Resent-} field made this a resent message. */
    boolean isResent() {
        for (HeaderName name : seen) {
            if (name.marksResent()) {
                return true;
            }
        }
        return false;
    }

    /** The envelope sender from {@code -f} or Return-Path, if either gave one. */
    Optional<String> sender() {
        return returnPath.sender();
    }

    /** The header recipients in the order qmail collects them: fields in order, each read right to left. */
    List<String> recipients() {
        return isResent() ? resentRecipients : recipients;
    }

    /** The fixed header: the added fields, then the original ones that are kept. */
    String header(Originator originator, MailingLists lists, Instant start, long processId, String idHost)
            throws InjectFailure {
        StringBuilder header = new StringBuilder();
        boolean resent = isResent();
        String prefix = resent ? "Resent-" : "";
        if (!seen.contains(resent ? HeaderName.RESENT_DATE : HeaderName.DATE)) {
            header.append(prefix).append(GeneratedFields.date(start));
        }
        if (!seen.contains(resent ? HeaderName.RESENT_MESSAGE_ID : HeaderName.MESSAGE_ID)) {
            header.append(prefix).append(GeneratedFields.messageId(start, processId, idHost));
        }
        if (!seen.contains(resent ? HeaderName.RESENT_FROM : HeaderName.FROM)) {
            header.append(prefix).append(originator.fromField(flags.nameComment(), rewriter));
        }
        if (!seen.contains(resent ? HeaderName.RESENT_TO : HeaderName.TO)
                && !seen.contains(resent ? HeaderName.RESENT_CC : HeaderName.CC)) {
            header.append(prefix).append(NO_RECIPIENTS_SHOWN);
        }
        if (!resent && !seen.contains(HeaderName.MAIL_FOLLOWUP_TO)) {
            String followup = lists.followupField(toAndCc);
            if (followup != null) {
                header.append(followup);
            }
        }
        for (String field : kept) {
            header.append(field);
        }
        return header.toString();
    }
}

package org.tessera.tools.inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tessera.common.mail.RfcQuote;

/**
 * Who the environment says is sending (qmail-inject(8)), and the default From field and envelope
 * sender made from it; built as header text and run through the ordinary field rewriting, as qmail does.
 */
final class Originator {

    private final String user;
    private final String host;
    private final String name;
    private final String senderUser;
    private final String senderHost;

    private Originator(String user, String host, String name, String senderUser, String senderHost) {
        this.user = user;
        this.host = host;
        this.name = name;
        this.senderUser = senderUser;
        this.senderHost = senderHost;
    }

    /** Reads the {@code QMAILUSER}… variables; a host or name that is not set stays null. */
    static Originator of(Map<String, String> environment) {
        String user = first(environment, "QMAILUSER", "MAILUSER", "USER", "LOGNAME").orElse("anonymous");
        String host = first(environment, "QMAILHOST", "MAILHOST").orElse(null);
        String name = first(environment, "QMAILNAME", "MAILNAME", "NAME").orElse(null);
        return new Originator(user, host, name, environment.getOrDefault("QMAILSUSER", user),
                environment.getOrDefault("QMAILSHOST", host));
    }

    /** The value of the first of these variables that is set, even if it is empty. */
    private static Optional<String> first(Map<String, String> environment, String... names) {
        for (String name : names) {
            String value = environment.get(name);
            if (value != null) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The default {@code From:} field, newline included, with its address rewritten. */
    String fromField(boolean nameComment, AddressRewriter rewriter) throws InjectFailure {
        List<Token> field = new ArrayList<>(List.of(new Token(Token.Type.ATOM, "From"), Token.of(Token.Type.COLON)));
        boolean angleAddress = name != null && !nameComment;
        if (angleAddress) {
            field.add(new Token(Token.Type.QUOTE, name));
            field.add(Token.of(Token.Type.LEFT));
        }
        field.add(new Token(RfcQuote.needsQuoting(user) ? Token.Type.QUOTE : Token.Type.ATOM, user));
        if (host != null) {
            field.add(Token.of(Token.Type.AT));
            field.add(new Token(Token.Type.ATOM, host));
        }
        if (angleAddress) {
            field.add(Token.of(Token.Type.RIGHT));
        }
        if (name != null && nameComment) {
            field.add(new Token(Token.Type.COMMENT, name));
        }
        String text = TokenPrinter.format(field);
        return InjectFailure.parsedOrFail(AddressList.rewriteField(text, rewriter), text);
    }

    /**
     * The default envelope sender: sender user (with {@code -time.pid} for {@code m} and a {@code -}
     * for {@code r}) at the sender host, rewritten; {@code -@[]} is appended for {@code r}.
     */
    String defaultSender(InjectFlags flags, Instant start, long processId, AddressRewriter rewriter)
            throws InjectFailure {
        StringBuilder box = new StringBuilder(senderUser);
        if (flags.perMessageVerp()) {
            box.append('-').append(start.getEpochSecond()).append('.').append(processId);
        }
        if (flags.perRecipientVerp()) {
            box.append('-');
        }
        List<Token> field = new ArrayList<>(List.of(new Token(Token.Type.ATOM, "Return-Path"),
                Token.of(Token.Type.COLON), new Token(Token.Type.QUOTE, box.toString())));
        if (senderHost != null) {
            field.add(Token.of(Token.Type.AT));
            field.add(new Token(Token.Type.ATOM, senderHost));
        }
        ReturnPath returnPath = new ReturnPath(rewriter, flags.perRecipientVerp(), null);
        String text = TokenPrinter.format(field);
        if (AddressList.rewriteField(text, returnPath).isEmpty()) {
            throw InjectFailure.unparsableLine(text);
        }
        // only a host that makes an empty group leaves no address; qmail then sends with <>
        return returnPath.sender().orElse("");
    }
}

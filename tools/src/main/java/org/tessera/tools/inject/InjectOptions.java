package org.tessera.tools.inject;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.tessera.common.mail.RfcQuote;
import org.tessera.tools.Getopt;

/**
 * The command line of qmail-inject (qmail-inject(8)): {@code -nNaAhH}, {@code -f sender} and the
 * recipient arguments, each address already rewritten.
 *
 * @param print {@code -n}: print instead of queueing
 * @param sender the rewritten {@code -f} sender, or null
 * @param recipients the rewritten recipient arguments that count ({@code -h} drops them)
 * @param headerRecipients whether the header's recipients count too
 */
record InjectOptions(boolean print, String sender, List<String> recipients, boolean headerRecipients) {

    /**
     * Parses the arguments (text, given as one char per byte) getopt-style; the options take effect
     * in order, so an unparsable {@code -f} ahead of a bad option is what gets reported.
     *
     * @param stderr where the option parser complains about a bad option
     * @throws InjectFailure for a bad option or an address that does not parse
     */
    static InjectOptions parse(List<String> args, AddressRewriter rewriter, PrintStream stderr) throws InjectFailure {
        Source source = Source.ARGUMENTS_OR_HEADER;
        boolean print = false;
        String sender = null;
        Getopt options = new Getopt(args, "aAhHnNf:", "qmail-inject", stderr);
        for (int option; (option = options.next()) != Getopt.DONE;) {
            switch (option) {
                case 'a' -> source = Source.ARGUMENTS;
                case 'A' -> source = Source.ARGUMENTS_OR_HEADER;
                case 'h' -> source = Source.HEADER;
                case 'H' -> source = Source.BOTH;
                case 'n' -> print = true;
                case 'N' -> print = false;
                case 'f' -> {
                    String argument = options.argument();
                    if (hasControlCharacter(argument)) {
                        throw InjectFailure.unparsableAddress(argument);
                    }
                    String quoted = RfcQuote.quoteAddress(argument);
                    sender = InjectFailure.parsedOrFail(rewriter.envelopeAddress(quoted), quoted);
                }
                default -> throw InjectFailure.badOption();
            }
        }
        List<String> operands = options.operands();
        if (source == Source.ARGUMENTS_OR_HEADER) {
            source = operands.isEmpty() ? Source.HEADER : Source.ARGUMENTS;
        }
        List<String> recipients = new ArrayList<>();
        if (source != Source.HEADER) {
            for (String operand : operands) {
                Optional<String> recipient = hasControlCharacter(operand) ? Optional.empty()
                        : rewriter.envelopeAddress(RfcQuote.quoteAddress(operand));
                if (recipient.isEmpty()) {
                    throw InjectFailure.unparsableAddress(operand);
                }
                recipients.add(recipient.get());
            }
        }
        return new InjectOptions(print, sender, recipients, source != Source.ARGUMENTS);
    }

    /**
     * Beyond qmail-inject, which quotes a CR or LF of an argument into the envelope and, through sendmail's
     * {@code -f}, into the From field, where it starts a field of the caller's choosing: such an address is
     * refused, as are the other control characters, which no address needs.
     */
    private static boolean hasControlCharacter(String address) {
        return address.chars().anyMatch(c -> c < ' ' || c == 127);
    }

    /** Where recipients come from: {@code -a}, {@code -h}, {@code -H}, or {@code -A} (arguments if any, else header). */
    private enum Source { ARGUMENTS, HEADER, BOTH, ARGUMENTS_OR_HEADER }
}

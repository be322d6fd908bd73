package org.tessera.tools.inject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tessera.common.mail.RfcQuote;
import org.tessera.common.users.Ascii;

/**
 * The list addresses of {@code $QMAILMFTFILE} and the Mail-Followup-To field they call for
 * (qmail-inject(8)): a message to one of these lists gets its To+Cc addresses as Mail-Followup-To.
 */
final class MailingLists {

    private final Set<String> lowerCaseAddresses;

    private MailingLists(Set<String> lowerCaseAddresses) {
        this.lowerCaseAddresses = lowerCaseAddresses;
    }

    /**
     * Reads the file named by {@code QMAILMFTFILE} (relative to the working directory) like a qmail
     * control file: one address a line, trailing spaces dropped, empty and {@code #} lines skipped.
     * No variable or no file means no lists.
     */
    static MailingLists of(Map<String, String> environment) throws InjectFailure {
        String file = environment.get("QMAILMFTFILE");
        Set<String> addresses = new HashSet<>();
        if (file != null) {
            try {
                String content = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
                for (String line : content.split("\n")) {
                    String address = Controls.stripTrailingWhitespace(line);
                    if (!address.isEmpty() && !address.startsWith("#")) {
                        addresses.add(Ascii.lower(address));
                    }
                }
            } catch (NoSuchFileException e) {
                return new MailingLists(Set.of());
            } catch (IOException | RuntimeException e) {
                throw InjectFailure.readError();
            }
        }
        return new MailingLists(addresses);
    }

    /**
     * The Mail-Followup-To field (newline included) for these To+Cc addresses in the order they
     * were collected, or null when none of them is a list address.
     */
    String followupField(List<String> toAndCc) {
        if (!containsList(toAndCc)) {
            return null;
        }
        StringBuilder field = new StringBuilder("Mail-Followup-To: ");
        for (int i = toAndCc.size() - 1; i >= 0; i--) {
            field.append(RfcQuote.quoteAddress(toAndCc.get(i))).append(i > 0 ? ",\n  " : "\n");
        }
        return field.toString();
    }

    private boolean containsList(List<String> addresses) {
        for (String address : addresses) {
            if (lowerCaseAddresses.contains(Ascii.lower(address))) {
                return true;
            }
        }
        return false;
    }
}

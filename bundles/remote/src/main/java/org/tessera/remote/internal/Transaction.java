package org.tessera.remote.internal;

import java.util.List;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;

/**
 * What one SMTP session is to send, and how.
 *
 * @param sender the envelope sender as MAIL FROM carries it (local part quoted as qmail does)
 * @param recipients the recipients as RCPT TO carries them, one unless recipients are batched
 * @param content the message
 * @param helo the name to greet with ({@code helohost})
 * @param timeoutSeconds the limit for each reply and each write ({@code timeoutremote})
 * @param ehlo whether to say EHLO (beyond qmail), falling back to HELO when refused
 * @param tlsRequired whether the session must run under TLS with a verified certificate
 */
record Transaction(String sender, List<String> recipients, MessageContent content, String helo,
        int timeoutSeconds, boolean ehlo, boolean tlsRequired) {

    Transaction {
        recipients = List.copyOf(recipients);
    }

    /**
     * qmail-remote's addrmangle: the local part quoted when it must be, an address without {@code @} (the
     * null sender among them) as it is. Not {@link MailAddress#text()}: SMTP needs the quotes.
     */
    static String smtpForm(MailAddress address) {
        if (!address.hasAt()) {
            return address.local();
        }
        return quote(address.local()) + "@" + address.domain();
    }

    /** qmail's quote.c: a local part that is not a dot-atom is quoted, with {@code \} before {@code \} and {@code "}. */
    static String quote(String local) {
        if (!needsQuoting(local)) {
            return local;
        }
        StringBuilder b = new StringBuilder(local.length() + 4).append('"');
        for (int i = 0; i < local.length(); i++) {
            char ch = local.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.append('"').toString();
    }

    private static final String SPECIALS = "()<>@,;:\\\".[]";

    private static boolean needsQuoting(String s) {
        if (s.isEmpty() || s.charAt(0) == '.' || s.charAt(s.length() - 1) == '.' || s.contains("..")) {
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= ' ' || ch >= 127 || (ch != '.' && SPECIALS.indexOf(ch) >= 0)) {
                return true;
            }
        }
        return false;
    }
}

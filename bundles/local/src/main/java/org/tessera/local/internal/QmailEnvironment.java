package org.tessera.local.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.users.MailUser;
import org.tessera.common.mail.HeaderText;
import org.tessera.common.mail.RfcQuote;

/** qmail-local's environment for programs and targets (qmail-command(8)), computed as qmail-local.c does. */
final class QmailEnvironment {

    // myctime: "Thu Jan 01 00:00:00 1970", always UTC, English names.
    private static final DateTimeFormatter UFLINE_DATE =
            DateTimeFormatter.ofPattern("EEE MMM dd HH:mm:ss yyyy", Locale.US).withZone(ZoneOffset.UTC);

    private QmailEnvironment() {
    }

    /** {@code Delivered-To: LOCAL@HOST} and a LF, every control character inside made {@code _}. */
    static String dtline(String local, String host) {
        return "Delivered-To: " + HeaderText.oneLine(local + "@" + host) + "\n";
    }

    /**
     * {@code Return-Path: <sender>} and a LF, the sender's local part quoted, every control character inside
     * made {@code _}.
     */
    static String rpline(String sender) {
        return "Return-Path: <" + HeaderText.oneLine(RfcQuote.quoteAddress(sender)) + ">\n";
    }

    /**
     * The mbox {@code From } line: blanks and control characters of the sender made {@code -} (qmail-local
     * does so for space, TAB and LF only), {@code MAILER-DAEMON} for {@code <>}.
     */
    static String ufline(String sender, Instant now) {
        if (sender.isEmpty()) {
            return "From MAILER-DAEMON " + UFLINE_DATE.format(now) + "\n";
        }
        StringBuilder from = new StringBuilder(sender);
        for (int i = 0; i < from.length(); i++) {
            char c = from.charAt(i);
            if (c <= ' ' || c == 127) {
                from.setCharAt(i, '-');
            }
        }
        return "From " + from + " " + UFLINE_DATE.format(now) + "\n";
    }

    /**
     * Every variable qmail-local sets for programs and targets (qmail-command(8)).
     *
     * @param defaultPart the part of {@code EXT} a {@code -default} file stood for, empty when the file was not one
     */
    static Map<String, String> of(MailUser user, String local, String host, String sender, String newSender,
            Optional<String> defaultPart, Instant now) {
        Map<String, String> env = new HashMap<>();
        env.put(Delivery.ENV_USER, user.user());
        env.put(Delivery.ENV_HOME, user.home());
        env.put(Delivery.ENV_LOCAL, local);
        env.put(Delivery.ENV_HOST, host);
        // qmail-local's own two arguments, joined as qmail-command(8) defines RECIPIENT, not a parsed address.
        env.put(Delivery.ENV_RECIPIENT, local + "@" + host);
        env.put(Delivery.ENV_SENDER, sender);
        env.put(Delivery.ENV_NEWSENDER, newSender);
        String ext = user.ext();
        env.put(Delivery.ENV_EXT, ext);
        String ext2 = afterDash(ext);
        String ext3 = afterDash(ext2);
        env.put(Delivery.ENV_EXT2, ext2);
        env.put(Delivery.ENV_EXT3, ext3);
        env.put(Delivery.ENV_EXT4, afterDash(ext3));
        int end2 = lastDot(host, host.length());
        int end3 = lastDot(host, end2);
        env.put(Delivery.ENV_HOST2, host.substring(0, end2));
        env.put(Delivery.ENV_HOST3, host.substring(0, end3));
        env.put(Delivery.ENV_HOST4, host.substring(0, lastDot(host, end3)));
        env.put(Delivery.ENV_DTLINE, dtline(local, host));
        env.put(Delivery.ENV_RPLINE, rpline(sender));
        env.put(Delivery.ENV_UFLINE, ufline(sender, now));
        defaultPart.ifPresent(part -> env.put(Delivery.ENV_DEFAULT, part));
        return env;
    }

    private static String afterDash(String text) {
        int dash = text.indexOf('-');
        return dash < 0 ? "" : text.substring(dash + 1);
    }

    /** qmail's {@code byte_rchr(host, end, '.')}: the last dot before {@code end}, or {@code end} when there is none. */
    private static int lastDot(String host, int end) {
        int dot = host.lastIndexOf('.', end - 1);
        return dot < 0 ? end : dot;
    }
}

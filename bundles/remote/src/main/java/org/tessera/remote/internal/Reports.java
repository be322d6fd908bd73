package org.tessera.remote.internal;

import java.util.List;

import io.netty.channel.ConnectTimeoutException;

import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * Every report text of remote delivery in one place: qmail-remote's own (qmail-remote(8)), then the few
 * that Tessera adds for peers qmail-remote would wait on for ever.
 */
final class Reports {

    static final DeliveryReport NO_CONNECTION = temporary(
            "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)\n");
    static final DeliveryReport DNS_TEMPORARY = temporary(
            "Sorry, I couldn't find any host by that name. (#4.1.2)\n");
    static final DeliveryReport NO_MX = permanent(
            "Sorry, I couldn't find a mail exchanger or IP address. (#5.4.4)\n");
    static final DeliveryReport AMBIGUOUS_MX = permanent(
            "Sorry. Although I'm listed as a best-preference MX or A for that host,\n"
                    + "it isn't in my control/locals file, so I don't treat it as local. (#5.4.6)\n");
    private static final String CONTROLS = "Unable to read control files. (#4.3.0)\n";
    static final DeliveryReport PARTIAL_LINE = permanent(
            "SMTP cannot transfer messages with partial final lines. (#5.6.2)\n");
    static final DeliveryReport READ_MESSAGE = temporary("Unable to read message. (#4.3.0)\n");
    static final DeliveryReport SYSTEM = temporary("System resources temporarily unavailable. (#4.3.0)\n");
    /**
     * Tessera's: netqmail would send a CR or LF of an address inside MAIL FROM or RCPT TO, where the
     * receiver reads it as the end of the command and what follows as a command of ours.
     */
    static final DeliveryReport LINE_BREAK_IN_ADDRESS = permanent(
            "Sorry, an envelope address contains a CR or LF, which SMTP cannot carry. (#5.1.3)\n");
    /** Tessera's: what the deliveries still open when the channel stops report. */
    static final DeliveryReport STOPPED = temporary("Remote delivery stopped; will try again later. (#4.3.0)\n");

    private Reports() {
    }

    /**
     * qmail-remote's text when no address took the connection, followed by a line with why each one
     * did not ({@code 192.0.2.1:25 connection refused; 192.0.2.2:25 timed out}), which the mail log shows.
     */
    static DeliveryReport noConnection(List<String> failures) {
        if (failures.isEmpty()) {
            return NO_CONNECTION;
        }
        return temporary(NO_CONNECTION.text() + String.join("; ", failures) + "\n");
    }

    /** qmail-remote's text when the control files cannot be read, followed by a line saying which and why. */
    static DeliveryReport controls(String why) {
        return temporary(CONTROLS + why + "\n");
    }

    /** Why a connect failed, in a few words: netty's and the JDK's texts without the address they repeat. */
    static String connectFailure(Throwable cause) {
        if (cause instanceof ConnectTimeoutException) {
            return "timed out";
        }
        String message = cause == null ? null : cause.getMessage();
        if (message == null) {
            return cause == null ? "failed" : cause.getClass().getSimpleName();
        }
        int address = message.indexOf(": /");
        String words = address < 0 ? message : message.substring(0, address);
        return words.isEmpty() ? words : Character.toLowerCase(words.charAt(0)) + words.substring(1);
    }

    /** perm_dns: the host (the recipient domain, or the relay of a route) has no address. */
    static DeliveryReport noSuchHost(String host) {
        return permanent("Sorry, I couldn't find any host named " + outsafe(host) + ". (#5.1.2)\n");
    }

    /** qmail-remote's dropped(): read or write failed, or timed out, once connected. */
    static String connectionDied(String ip, boolean critical) {
        return "Connected to " + ip + " but connection died. " + (critical ? "Possible duplicate! " : "") + "(#4.4.2)\n";
    }

    /** Tessera's: a reply longer than any SMTP server sends, which qmail-remote would read for ever. */
    static String replyTooLong(String ip, int limit) {
        return "Connected to " + ip + " but its reply went on past " + limit + " bytes. (#4.4.2)\n";
    }

    /** Tessera's: the TLS handshake after STARTTLS failed (or the certificate was refused). */
    static String tlsFailed(String ip, String reason) {
        return "Connected to " + ip + " but the TLS handshake failed: " + outsafe(reason) + ". (#4.7.5)\n";
    }

    /** Tessera's: a route that requires TLS met a peer that does not offer or refuses STARTTLS. */
    static String tlsUnavailable(String ip) {
        return "Connected to " + ip + " but it would not start TLS, which this route requires. (#4.7.5)\n";
    }

    /** qmail's outsafe: bytes below 33 or above 126 become {@code ?}. */
    static String outsafe(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            b.append(ch < 33 || ch > 126 ? '?' : ch);
        }
        return b.toString();
    }

    static DeliveryReport temporary(String text) {
        return new DeliveryReport(Outcome.TEMPORARY, text);
    }

    static DeliveryReport permanent(String text) {
        return new DeliveryReport(Outcome.PERMANENT, text);
    }
}

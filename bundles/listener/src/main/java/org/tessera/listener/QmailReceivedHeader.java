package org.tessera.listener;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * qmail's {@code Received:} line (the one qmail's received.c writes for qmail-smtpd, qmail-qmtpd and
 * qmail-qmqpd), built from tcpserver's variables, without any DNS lookup:
 *
 * <pre>
 * Received: from REMOTEHOST (HELO helo) (INFO@REMOTEIP)
 *   by LOCAL with SMTP; 1 Dec 2026 19:38:21 -0000
 * </pre>
 *
 * <ul>
 * <li>REMOTEHOST is {@code TCPREMOTEHOST}, else {@code unknown}.</li>
 * <li>{@code (HELO helo)} appears only when a HELO/EHLO argument was given and differs, ignoring
 * case, from REMOTEHOST.</li>
 * <li>{@code INFO@} appears only when {@code TCPREMOTEINFO} is set.</li>
 * <li>REMOTEIP is the client's IP literal ({@code TCPREMOTEIP}).</li>
 * <li>LOCAL is {@code TCPLOCALHOST}, else {@code TCPLOCALIP}, else {@code unknown}.</li>
 * <li>The date is UTC, the day without leading zero, and the zone the literal {@code -0000}.</li>
 * <li>In the variable parts every character outside {@code [A-Za-z0-9.@%+/=:-]} becomes
 * {@code ?} (netqmail's set; notqmail also keeps {@code [} and {@code ]}).</li>
 * </ul>
 * The second line starts with exactly two spaces.
 */
public final class QmailReceivedHeader {

    private static final String UNKNOWN = "unknown";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.US);

    private QmailReceivedHeader() {
    }

    /**
     * The two lines for any listener, from tcpserver's variables; an empty value stands for an
     * unset variable.
     *
     * @param protocol the word after {@code with}: {@code SMTP}, {@code QMTP}, {@code QMQP}
     * @param remoteHost {@code TCPREMOTEHOST}
     * @param helo the HELO/EHLO argument, empty when none was given (QMTP and QMQP never have one)
     * @param remoteInfo {@code TCPREMOTEINFO}
     * @param remoteIp {@code TCPREMOTEIP}
     * @param local {@code TCPLOCALHOST}, else {@code TCPLOCALIP}
     * @param when the time of the line
     * @return the first line and the second (which starts with two spaces), without line ends
     */
    public static List<String> lines(String protocol, String remoteHost, Optional<String> helo, String remoteInfo,
            String remoteIp, String local, Instant when) {
        String host = remoteHost.isEmpty() ? UNKNOWN : remoteHost;
        StringBuilder from = new StringBuilder("Received: from ").append(safe(host));
        helo.filter(h -> !h.equalsIgnoreCase(host)).ifPresent(h -> from.append(" (HELO ").append(safe(h)).append(')'));
        from.append(" (");
        if (!remoteInfo.isEmpty()) {
            from.append(safe(remoteInfo)).append('@');
        }
        from.append(safe(remoteIp.isEmpty() ? UNKNOWN : remoteIp)).append(')');
        String by = "  by " + safe(local.isEmpty() ? UNKNOWN : local) + " with " + protocol + "; "
            + DATE.format(when.atZone(ZoneOffset.UTC)) + " -0000";
        return List.of(from.toString(), by);
    }

    /** qmail's safeput(): keeps [A-Za-z0-9.@%+/=:-], replaces every other character by '?'. */
    static String safe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || ".@%+/=:-".indexOf(c) >= 0;
            out.append(keep ? c : '?');
        }
        return out.toString();
    }
}

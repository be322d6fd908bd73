package org.tessera.james.smtp;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;

/**
 * qmail-smtpd's {@code Received:} line (the one qmail's received.c writes), built from what the session
 * already knows, without any DNS lookup:
 *
 * <pre>
 * Received: from REMOTEHOST (HELO helo) (INFO@REMOTEIP)
 *   by LOCAL with SMTP; 1 Dec 2026 19:38:21 -0000
 * </pre>
 *
 * <ul>
 * <li>REMOTEHOST is the connection attachment {@link #REMOTE_HOST} (tcpserver's
 * {@code TCPREMOTEHOST}), else {@code unknown}.</li>
 * <li>{@code (HELO helo)} appears only when a HELO/EHLO argument was given and differs, ignoring
 * case, from REMOTEHOST.</li>
 * <li>{@code INFO@} appears only when the connection attachment {@link #REMOTE_INFO}
 * ({@code TCPREMOTEINFO}) is set.</li>
 * <li>REMOTEIP is the client's IP literal.</li>
 * <li>LOCAL is the connection attachment {@link #LOCAL_HOST} ({@code TCPLOCALHOST}), else the
 * local host name given to the constructor (tcpserver's {@code -l}), else the local IP literal
 * ({@code TCPLOCALIP}), else {@code unknown}.</li>
 * <li>The date is UTC, the day without leading zero, and the zone the literal {@code -0000}.</li>
 * <li>In the variable parts every character outside {@code [A-Za-z0-9.@%+/=:-]} becomes
 * {@code ?} (netqmail's set; notqmail also keeps {@code [} and {@code ]}).</li>
 * </ul>
 * The second line starts with exactly two spaces.
 */
public final class QmailReceivedHeader implements ReceivedHeader {

    /** Connection attachment: the client's host name as tcpserver/tcprules set it ({@code TCPREMOTEHOST}). */
    public static final AttachmentKey<String> REMOTE_HOST = AttachmentKey.of("TCPREMOTEHOST", String.class);

    /** Connection attachment: the client's ident/user info ({@code TCPREMOTEINFO}). */
    public static final AttachmentKey<String> REMOTE_INFO = AttachmentKey.of("TCPREMOTEINFO", String.class);

    /** Connection attachment: the local host name ({@code TCPLOCALHOST}). */
    public static final AttachmentKey<String> LOCAL_HOST = AttachmentKey.of("TCPLOCALHOST", String.class);

    private static final String UNKNOWN = "unknown";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss", Locale.US);

    private final String protocol;
    private final Optional<String> localHost;
    private final Clock clock;

    /**
     * The SMTP line, with LOCAL taken from the attachments or the local IP.
     */
    public QmailReceivedHeader() {
        this("SMTP", null, Clock.systemUTC());
    }

    /**
     * @param protocol the word after {@code with}: {@code SMTP} (qmail-smtpd never writes ESMTP)
     * @param localHost the LOCAL name when the connection has no {@link #LOCAL_HOST}; null for the local IP
     * @param clock the source of the date
     */
    public QmailReceivedHeader(String protocol, String localHost, Clock clock) {
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.localHost = Optional.ofNullable(localHost);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<String> lines(SMTPSession session) {
        String remoteHost = session.getAttachment(REMOTE_HOST, State.Connection).orElse("");
        String local = session.getAttachment(LOCAL_HOST, State.Connection)
            .or(() -> localHost)
            .or(() -> ip(session.getLocalAddress()))
            .orElse("");
        return lines(protocol, remoteHost, session.getAttachment(SMTPSession.CURRENT_HELO_NAME, State.Connection),
            session.getAttachment(REMOTE_INFO, State.Connection).orElse(""),
            ip(session.getRemoteAddress()).orElse(""), local, clock.instant());
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

    private static Optional<String> ip(InetSocketAddress address) {
        return Optional.ofNullable(address).map(InetSocketAddress::getAddress).map(InetAddress::getHostAddress);
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

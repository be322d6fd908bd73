package org.tessera.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import org.apache.james.protocols.api.ProtocolSession;
import org.tessera.api.policy.ClientInfo;
import org.tessera.common.listener.SendmailBsLine;
import org.tessera.listener.ChannelTransport;
import org.tessera.listener.TcpServer;

/**
 * A connection of a listener for {@code sendmail -bs} ({@code localInjection}): qmail's sendmail
 * runs qmail-smtpd on its own standard input and output, with the caller's environment; here the
 * tool sends that environment as the connection's first line, and the session is then the running
 * server's own SMTP dialogue with it ({@code RELAYCLIENT}, {@code DATABYTES}, the {@code TCP*}
 * names of the Received line), in the format of {@link SendmailBsLine}. Anything else
 * gets 421 and the connection ends. The listener only binds to a loopback address: what a local
 * user may do with it is what any local user may do with qmail's sendmail -bs.
 */
final class LocalInjection implements TcpServer.Session {

    // The longest first line taken: far beyond ten variables, small enough for one framer chunk or two.
    private static final int LONGEST_PREAMBLE = 16 * 1024;
    private static final byte[] REFUSED = "421 this port takes local injection only (#4.3.0)\r\n"
            .getBytes(StandardCharsets.US_ASCII);

    private final ProtocolSession james;
    private final ChannelTransport transport;
    private final String listener;
    private final long timeoutSeconds;
    private final BiFunction<ClientInfo, Map<String, String>, TcpServer.Session> sessions;
    private final ByteArrayOutputStream preamble = new ByteArrayOutputStream();
    private TcpServer.Session smtp;
    private ScheduledFuture<?> timer;
    private boolean closed;

    /**
     * @param listener the listener's name, for the session's {@link ClientInfo}
     * @param timeoutSeconds how long the first line may take (qmail-smtpd's timeoutsmtpd)
     * @param sessions the SMTP session for the caller's client and environment
     */
    LocalInjection(ProtocolSession james, ChannelTransport transport, String listener, long timeoutSeconds,
            BiFunction<ClientInfo, Map<String, String>, TcpServer.Session> sessions) {
        this.james = james;
        this.transport = transport;
        this.listener = listener;
        this.timeoutSeconds = timeoutSeconds;
        this.sessions = sessions;
    }

    @Override
    public void start() {
        timer = transport.schedule(this::refuse, Math.max(1, timeoutSeconds), TimeUnit.SECONDS);
        transport.setReadable(true);
    }

    @Override
    public void received(byte[] bytes) {
        if (smtp != null) {
            smtp.received(bytes);
            return;
        }
        if (closed) {
            return;
        }
        int lineEnd = 0;
        while (lineEnd < bytes.length && bytes[lineEnd] != '\n') {
            lineEnd++;
        }
        preamble.write(bytes, 0, Math.min(lineEnd + 1, bytes.length));
        if (preamble.size() > LONGEST_PREAMBLE) {
            refuse();
            return;
        }
        if (lineEnd == bytes.length) {
            return;
        }
        timer.cancel(false);
        Optional<Map<String, String>> environment =
                SendmailBsLine.read(preamble.toString(StandardCharsets.ISO_8859_1));
        if (environment.isEmpty()) {
            refuse();
            return;
        }
        smtp = sessions.apply(client(listener, environment.get()), environment.get());
        smtp.start();
        // A piece may hold more lines than the first: the rest is the client's SMTP, pipelined.
        if (lineEnd + 1 < bytes.length) {
            smtp.received(Arrays.copyOfRange(bytes, lineEnd + 1, bytes.length));
        }
    }

    /** Before the first line: no session to finish, the connection just ends. */
    @Override
    public void inputEnded() {
        if (smtp != null) {
            smtp.inputEnded();
            return;
        }
        closed = true;
        timer.cancel(false);
        transport.closeNow();
    }

    @Override
    public void disconnected() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (smtp != null) {
            smtp.disconnected();
        }
    }

    private void refuse() {
        if (closed || smtp != null) {
            return;
        }
        closed = true;
        transport.writeBytes(REFUSED, james);
        transport.closeAfterWrites();
    }

    /** As qmail-smtpd reads its environment: what is not set is {@code unknown}, TCPLOCALHOST before TCPLOCALIP. */
    static ClientInfo client(String listener, Map<String, String> environment) {
        String localIp = nonEmpty(environment.get("TCPLOCALIP"), "unknown");
        return new ClientInfo(listener, nonEmpty(environment.get("TCPREMOTEIP"), "unknown"),
                port(environment.get("TCPREMOTEPORT")), localIp, port(environment.get("TCPLOCALPORT")),
                nonEmpty(environment.get("TCPREMOTEHOST"), "unknown"), environment.getOrDefault("TCPREMOTEINFO", ""),
                nonEmpty(environment.get("TCPLOCALHOST"), localIp));
    }

    private static String nonEmpty(String value, String otherwise) {
        return value == null || value.isEmpty() ? otherwise : value;
    }

    private static int port(String value) {
        try {
            int port = value == null ? 0 : Integer.parseInt(value);
            return port >= 0 && port <= 65535 ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

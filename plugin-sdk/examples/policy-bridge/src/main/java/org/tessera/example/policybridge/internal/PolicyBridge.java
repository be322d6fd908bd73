package org.tessera.example.policybridge.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;

/**
 * Postfix's policy delegation ({@code check_policy_service}) for Tessera: each recipient the server
 * would take is described to an external policy server in Postfix's protocol (name=value lines, an empty
 * line) and its {@code action=} answer becomes the verdict, so postgrey, policyd-spf and every other
 * Postfix policy server work with Tessera unchanged.
 *
 * <p>Answers, as Postfix's access(5) reads them: {@code REJECT} is {@code 554}, {@code DEFER} and
 * {@code DEFER_IF_PERMIT} (greylisting's answer) {@code 450}, {@code 4NN}/{@code 5NN text} that code;
 * {@code DUNNO}, {@code OK}, {@code PREPEND}, {@code WARN} and {@code INFO} leave the decision to the rest of
 * the chain. {@code OK} does not accept here: a policy server saying so must not open a relay. Any other
 * action, a server that is down, slow or answers garbage: {@code 451}, failing closed as Postfix does.
 *
 * <p>Only recipients the built-in rcpthosts policy would take are asked about (a domain of
 * {@code rcpthosts}, or a client that may relay): mail the server refuses anyway costs the policy server
 * nothing, as when Postfix's restrictions put the policy after {@code reject_unauth_destination}.
 */
@Component(service = RelayPolicy.class, configurationPid = PolicyBridge.PID)
@Ranking(PolicyBridge.RANKING)
@Designate(ocd = PolicyBridgeConfiguration.class)
public final class PolicyBridge implements RelayPolicy {

    /** The configuration PID. */
    static final String PID = "org.tessera.example.policybridge";

    /** After RecipientCheck (100), so unknown users are refused first; before the rcpthosts policy (0). */
    static final int RANKING = 50;

    // Bounds what a policy server can make this side read: Postfix's own limit on an answer line is similar.
    private static final int MAX_ANSWER_LINE = 4096;
    private static final int MAX_ANSWER_LINES = 100;

    private final ControlFiles control;
    private final InetSocketAddress server;
    private final int timeoutMillis;
    private final BlockingQueue<Connection> idle;
    private final AtomicLong requests = new AtomicLong();

    @Activate
    public PolicyBridge(@Reference ControlFiles control, PolicyBridgeConfiguration config) {
        this.control = control;
        String address = config.address();
        int colon = address.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("address is not host:port: " + address);
        }
        this.server = InetSocketAddress.createUnresolved(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        this.timeoutMillis = config.timeoutSeconds() * 1000;
        this.idle = new ArrayBlockingQueue<>(Math.max(1, config.idleConnections()));
    }

    @Deactivate
    void deactivate() {
        for (Connection c; (c = idle.poll()) != null; ) {
            c.close();
        }
    }

    @Override
    public Verdict check(MailTransaction transaction, MailAddress recipient) {
        boolean mayRelay = transaction.authentication().isPresent()
                || transaction.environment().containsKey("RELAYCLIENT");
        if (!mayRelay && !control.isRcptHost(recipient.domain())) {
            return Verdict.NO_OPINION;
        }
        String request = request(transaction, recipient);
        String action;
        try {
            action = ask(request);
        } catch (IOException e) {
            return new Verdict(Verdict.Outcome.DEFER, 451, "policy server unavailable, try again later (#4.3.5)");
        }
        return verdict(action);
    }

    /** The request as Postfix's smtpd sends it at RCPT. */
    private String request(MailTransaction transaction, MailAddress recipient) {
        StringBuilder r = new StringBuilder(512);
        attribute(r, "request", "smtpd_access_policy");
        attribute(r, "protocol_state", "RCPT");
        attribute(r, "protocol_name", "ESMTP");
        attribute(r, "client_address", transaction.client().remoteIp());
        String name = transaction.client().remoteHost().isEmpty() ? "unknown" : transaction.client().remoteHost();
        attribute(r, "client_name", name);
        attribute(r, "reverse_client_name", name);
        attribute(r, "helo_name", transaction.helo().orElse(""));
        attribute(r, "sender", transaction.sender().map(MailAddress::text).orElse(""));
        attribute(r, "recipient", recipient.text());
        attribute(r, "recipient_count", Integer.toString(transaction.recipients().size()));
        attribute(r, "queue_id", "");
        attribute(r, "instance", Long.toHexString(System.identityHashCode(transaction)) + "." + requests.incrementAndGet());
        attribute(r, "size", "0");
        attribute(r, "sasl_method", transaction.authentication().map(a -> a.mechanism().toLowerCase(Locale.ROOT)).orElse(""));
        attribute(r, "sasl_username", transaction.authentication().map(a -> a.user()).orElse(""));
        attribute(r, "sasl_sender", "");
        attribute(r, "encryption_protocol", transaction.tls().map(t -> t.protocol()).orElse(""));
        attribute(r, "encryption_cipher", transaction.tls().map(t -> t.cipherSuite()).orElse(""));
        return r.append('\n').toString();
    }

    // A value never carries a line end into the protocol: a client's HELO or address could otherwise add attributes.
    private static void attribute(StringBuilder request, String name, String value) {
        request.append(name).append('=');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            request.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        request.append('\n');
    }

    /** The {@code action=} value of the server's answer; a stale kept connection is replaced once. */
    private String ask(String request) throws IOException {
        Connection kept = idle.poll();
        if (kept != null) {
            try {
                String action = kept.ask(request);
                release(kept);
                return action;
            } catch (IOException staleOrBroken) {
                kept.close();
            }
        }
        Connection fresh = new Connection(server, timeoutMillis);
        try {
            String action = fresh.ask(request);
            release(fresh);
            return action;
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private void release(Connection connection) {
        if (!idle.offer(connection)) {
            connection.close();
        }
    }

    static Verdict verdict(String action) {
        String trimmed = action.strip();
        int space = trimmed.indexOf(' ');
        String word = (space < 0 ? trimmed : trimmed.substring(0, space)).toUpperCase(Locale.ROOT);
        String text = space < 0 ? "" : trimmed.substring(space + 1).strip();
        switch (word) {
            case "DUNNO", "OK", "PREPEND", "WARN", "INFO":
                return Verdict.NO_OPINION;
            case "REJECT":
                return new Verdict(Verdict.Outcome.REJECT, 554, text.isEmpty() ? "refused by policy (#5.7.1)" : text);
            case "DEFER", "DEFER_IF_PERMIT":
                return new Verdict(Verdict.Outcome.DEFER, 450, text.isEmpty() ? "deferred by policy (#4.7.1)" : text);
            default:
                break;
        }
        if (word.length() == 3 && (word.charAt(0) == '4' || word.charAt(0) == '5')
                && Character.isDigit(word.charAt(1)) && Character.isDigit(word.charAt(2))) {
            int code = Integer.parseInt(word);
            return new Verdict(code < 500 ? Verdict.Outcome.DEFER : Verdict.Outcome.REJECT, code,
                    text.isEmpty() ? "refused by policy (#" + word.charAt(0) + ".7.1)" : text);
        }
        return new Verdict(Verdict.Outcome.DEFER, 451, "policy server answered what cannot be carried out (#4.3.5)");
    }

    /** One connection to the policy server: a request, then the answer's lines up to an empty one. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        Connection(InetSocketAddress unresolved, int timeoutMillis) throws IOException {
            socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(unresolved.getHostString(), unresolved.getPort()), timeoutMillis);
                socket.setSoTimeout(timeoutMillis);
                out = socket.getOutputStream();
                in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        String ask(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            String action = null;
            for (int lines = 0; lines < MAX_ANSWER_LINES; lines++) {
                String line = readLine();
                if (line.isEmpty()) {
                    if (action == null) {
                        throw new IOException("policy server answered without action=");
                    }
                    return action;
                }
                if (line.startsWith("action=")) {
                    action = line.substring("action=".length());
                }
            }
            throw new IOException("policy server answer too long");
        }

        // BufferedReader.readLine has no bound; a policy server must not make this side read without end.
        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                if (line.length() == MAX_ANSWER_LINE) {
                    throw new IOException("policy server answer line too long");
                }
                line.append((char) c);
            }
            throw new IOException("policy server closed the connection");
        }

        void close() {
            try {
                socket.close();
            } catch (IOException nothingLeftToDo) {
                // the connection is dropped either way
            }
        }
    }
}

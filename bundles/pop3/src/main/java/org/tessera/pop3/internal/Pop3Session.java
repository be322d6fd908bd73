package org.tessera.pop3.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;
import org.tessera.common.auth.CheckerChain;
import org.tessera.common.auth.SaslExchange;
import org.tessera.listener.ChannelTransport;
import org.tessera.listener.TcpServer;

import io.netty.handler.ssl.SslContext;

/**
 * One POP3 connection: qmail-popup's dialogue until one login has been tried, then qmail-pop3d's
 * over the account's Maildir (qmail-popup(8), qmail-pop3d(8); the bundle's README), as a state machine fed with the client's bytes.
 * The modern profile adds CAPA, STLS and AUTH before qmail's commands, asks for TLS before any login,
 * and lets a failed login be tried again on the same connection.
 * Everything here runs on the connection's handler thread, a message's read among it; the checkers,
 * the Maildir scan and QUIT's unlinks run on the listener's workers, and their answers come back to
 * this thread while the client's further bytes wait in {@link #pending}, so replies keep the order of
 * the commands.
 */
final class Pop3Session implements TcpServer.Session {

    private static final Logger LOG = LoggerFactory.getLogger(Pop3Session.class);
    // Most mail is smaller: read whole, it leaves with its +OK in one write.
    private static final int WHOLE_MESSAGE_LIMIT = 128 * 1024;

    private enum State { AUTHORIZATION, TRANSACTION }

    private final Pop3Settings settings;
    private final TcpServer.Connection connection;
    private final ChannelTransport transport;
    private final String timestamp;

    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private State state = State.AUTHORIZATION;
    private boolean waiting = true;
    // Waiting for the server's own work (a checker, the disk), which is not the client idling. Volatile,
    // as the activity fields: the listener's relief thread reads them while connections wait for a slot.
    private volatile boolean busy;
    private volatile boolean heardFrom;
    private boolean closed;
    // From STLS to the end of its handshake: whatever the client sent in clear is dropped unread.
    private boolean awaitingHandshake;
    // An AUTH exchange under way: the client's lines are its answers, not commands.
    private SaslExchange sasl;
    private volatile long lastActivityNanos = System.nanoTime();
    private ScheduledFuture<?> timer;

    private String user;
    private AuthResult account;
    private Mailbox mailbox;
    private int last;

    Pop3Session(Pop3Settings settings, TcpServer.Connection connection) {
        this.settings = settings;
        this.connection = connection;
        this.transport = connection.transport();
        this.timestamp = "<" + connection.number() + "." + Instant.now().getEpochSecond() + "@" + settings.hostName()
                + ">";
    }

    @Override
    public void start() {
        if (closed) {
            return;
        }
        write(Replies.line("+OK " + timestamp));
        scheduleTimer(settings.timeoutSeconds());
        resume();
    }

    /** Time the client has left the session with nothing to do; none while the server works for it. */
    @Override
    public long idleNanos() {
        return busy ? 0 : System.nanoTime() - lastActivityNanos;
    }

    @Override
    public boolean silent() {
        return !heardFrom;
    }

    @Override
    public void received(byte[] bytes) {
        lastActivityNanos = System.nanoTime();
        heardFrom = true;
        if (closed || awaitingHandshake) {
            return;
        }
        if (waiting) {
            pending.addLast(bytes);
            return;
        }
        handle(bytes);
        drain();
    }

    @Override
    public void disconnected() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }

    private void drain() {
        while (!waiting && !closed && !awaitingHandshake && !pending.isEmpty()) {
            handle(pending.pollFirst());
        }
    }

    private void handle(byte[] bytes) {
        int from = 0;
        while (from < bytes.length && !waiting && !closed && !awaitingHandshake) {
            int lf = indexOf(bytes, from, (byte) '\n');
            int end = lf < 0 ? bytes.length : lf;
            line.write(bytes, from, end - from);
            from = lf < 0 ? bytes.length : lf + 1;
            // A line of an AUTH exchange may be as long as SASL's bound (RFC 4954, taken for POP3 too).
            int limit = sasl != null ? Math.max(settings.maxCommandBytes(), SaslExchange.MAX_LINE) : settings.maxCommandBytes();
            if (line.size() > limit) {
                LOG.debug("POP3 line of more than {} bytes from {}; session ended", limit, connection.client().remoteIp());
                write(Replies.LINE_TOO_LONG);
                close();
                return;
            }
            if (lf >= 0) {
                byte[] text = line.toByteArray();
                line.reset();
                if (sasl != null) {
                    authLine(text);
                } else {
                    command(Command.parse(text, text.length));
                }
                holdWhileWritesQueue();
            }
        }
        // After STLS the rest, sent in clear, is dropped (CVE-2011-0411); it is never read inside TLS.
        if (from < bytes.length && !closed && !awaitingHandshake) {
            // Commands the client pipelined behind one that is still being answered.
            byte[] rest = new byte[bytes.length - from];
            System.arraycopy(bytes, from, rest, 0, rest.length);
            pending.addFirst(rest);
        }
    }

    private static int indexOf(byte[] bytes, int from, byte b) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void command(Command command) {
        if (settings.modern() && modernCommand(command)) {
            return;
        }
        if (state == State.AUTHORIZATION) {
            authorization(command);
        } else {
            transaction(command);
        }
    }

    // qmail-popup's pop3commands[]
    private void authorization(Command command) {
        String argument = command.argument();
        switch (command.verb()) {
            case "user" -> {
                if (argument.isEmpty()) {
                    write(Replies.SYNTAX_ERROR);
                    return;
                }
                user = argument;
                write(Replies.OK);
            }
            case "pass" -> {
                if (user == null) {
                    write(Replies.USER_FIRST);
                } else if (argument.isEmpty()) {
                    write(Replies.SYNTAX_ERROR);
                } else {
                    login(user, argument.getBytes(StandardCharsets.ISO_8859_1), "USER");
                }
            }
            case "apop" -> {
                int space = argument.indexOf(' ');
                if (space < 0) {
                    write(Replies.SYNTAX_ERROR);
                } else {
                    login(argument.substring(0, space), argument.substring(space + 1).getBytes(StandardCharsets.ISO_8859_1),
                            "APOP");
                }
            }
            case "quit" -> {
                write(Replies.OK);
                close();
            }
            case "noop" -> write(Replies.OK);
            default -> write(Replies.AUTHORIZATION_FIRST);
        }
    }

    /**
     * The modern profile's own verbs, and its refusal of logins in clear; false for a command it leaves
     * to qmail's dialogue (which answers CAPA, STLS and AUTH as qmail-popup and qmail-pop3d do when the
     * profile is off).
     */
    private boolean modernCommand(Command command) {
        switch (command.verb()) {
            case "capa" -> capabilities();
            case "stls" -> stls(command.argument());
            case "auth" -> {
                if (state != State.AUTHORIZATION) {
                    return false;
                }
                auth(command.argument());
            }
            case "user", "pass", "apop" -> {
                if (state != State.AUTHORIZATION || encrypted()) {
                    return false;
                }
                write(Replies.TLS_REQUIRED);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    // STLS (RFC 2595) on a listener in clear, POP3S (implicit TLS) from the connection's start.
    private boolean encrypted() {
        return settings.implicitTls() || transport.tls().isPresent();
    }

    /** CAPA (RFC 2449): what the session can do now; the login capabilities only before login. */
    private void capabilities() {
        StringBuilder out = new StringBuilder("+OK Capability list follows\r\n");
        out.append("TOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n");
        if (state == State.AUTHORIZATION) {
            if (encrypted()) {
                out.append("SASL PLAIN LOGIN\r\nUSER\r\n");
            } else if (settings.tls().get().isPresent()) {
                out.append("STLS\r\n");
            }
        }
        out.append("IMPLEMENTATION Tessera\r\n.\r\n");
        write(out.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * STLS (RFC 2595): the go-ahead leaves in clear, then only TLS is read. Every byte the client sent
     * after the command and before the handshake's end is dropped unread; once the handshake is done the
     * session is in the AUTHORIZATION state with nothing of before kept (a USER given is forgotten).
     */
    private void stls(String argument) {
        if (state != State.AUTHORIZATION) {
            write(Replies.STLS_AFTER_LOGIN);
        } else if (encrypted()) {
            write(Replies.TLS_ACTIVE);
        } else if (!argument.isEmpty()) {
            write(Replies.SYNTAX_ERROR);
        } else {
            Optional<SslContext> context = settings.tls().get();
            if (context.isEmpty()) {
                write(Replies.TLS_UNAVAILABLE);
                return;
            }
            awaitingHandshake = true;
            user = null;
            pending.clear();
            line.reset();
            transport.startTls(context.get(), Replies.STLS_GO_AHEAD, () -> {
                awaitingHandshake = false;
                user = null;
                touch();
                drain();
            });
        }
    }

    /** AUTH (RFC 5034): the mechanisms without an argument, else an exchange of PLAIN or LOGIN. */
    private void auth(String argument) {
        if (!encrypted()) {
            write(Replies.TLS_REQUIRED);
            return;
        }
        if (argument.isEmpty()) {
            write(Replies.AUTH_MECHANISMS);
            return;
        }
        SaslExchange.Opening opening = SaslExchange.open(argument);
        sasl = opening.exchange();
        next(opening.first());
    }

    // A line of the AUTH exchange: base64, "=" for an empty response, or "*" to cancel.
    private void authLine(byte[] text) {
        int end = text.length > 0 && text[text.length - 1] == '\r' ? text.length - 1 : text.length;
        next(sasl.respond(new String(text, 0, end, StandardCharsets.ISO_8859_1)));
    }

    private void next(SaslExchange.Step step) {
        if (step instanceof SaslExchange.Challenge challenge) {
            write(Replies.line("+ " + challenge.base64()));
            return;
        }
        sasl = null;
        if (step instanceof SaslExchange.Refused refused) {
            write(Replies.refusal(refused.why()));
        } else if (step instanceof SaslExchange.Credentials credentials) {
            if (credentials.login().isEmpty() || credentials.password().length == 0) {
                Arrays.fill(credentials.password(), (byte) 0);
                failed(credentials.login(), credentials.mechanism(), "empty user name or password");
            } else {
                login(credentials.login(), credentials.password(), credentials.mechanism());
            }
        }
    }

    /**
     * One login attempt, through the throttle: refused at once while the address or the user is locked
     * out, else checked; a failure is answered after the throttle's delay. In the classic profile this is
     * qmail-popup's doanddie: one attempt, whatever its outcome, per connection.
     */
    private void login(String name, byte[] secret, String mechanism) {
        user = name;
        if (settings.throttle().isLockedOut(connection.client().remoteIp(), name)) {
            Arrays.fill(secret, (byte) 0);
            logLogin(false, name, mechanism, "too many failures: refused for now");
            notLoggedIn(Replies.AUTHORIZATION_FAILED, Replies.AUTH_LOCKED);
            return;
        }
        waitFor(settings.login(name, secret, timestamp), (answer, failure) -> loginAnswered(name, mechanism, answer, failure));
    }

    private void loginAnswered(String name, String mechanism, CheckerChain.Answer answer, Throwable failure) {
        if (failure != null || answer.crashed()) {
            logLogin(false, name, mechanism, failure != null ? "password check failed" : answer.why());
            notLoggedIn(Replies.CHILD_CRASHED, Replies.AUTH_TEMPORARY);
            resume();
            return;
        }
        AuthResult result = answer.result();
        if (result.outcome() == AuthResult.Outcome.TEMPORARY_FAILURE) {
            logLogin(false, name, mechanism, answer.why());
            notLoggedIn(Replies.AUTHORIZATION_FAILED, Replies.AUTH_TEMPORARY);
            resume();
            return;
        }
        if (result.outcome() != AuthResult.Outcome.ACCEPTED) {
            failed(name, mechanism, answer.why());
            return;
        }
        // notqmail's qmail-pop3d refuses to run as root; as root we also need the ids to take.
        String refusal = result.uid() == 0 ? "uid 0 refused"
                : settings.serverIsRoot() && (result.uid() == AuthResult.UNKNOWN_ID || result.gid() == AuthResult.UNKNOWN_ID)
                        ? "the checker gave no uid and gid" : null;
        if (refusal != null) {
            logLogin(false, name, mechanism, refusal);
            notLoggedIn(Replies.AUTHORIZATION_FAILED, Replies.AUTH_REFUSED);
            resume();
            return;
        }
        settings.throttle().succeeded(name);
        logLogin(true, name, mechanism, null);
        if (result.home().isEmpty()) {
            write(Replies.NO_MAILDIR);
            close();
            return;
        }
        account = result;
        Path maildir = Path.of(result.home()).resolve("Maildir");
        Instant now = Instant.now();
        waitFor(settings.asAccount(result, () -> Mailbox.scan(maildir, now)), this::mailboxOpened);
    }

    // A wrong password (or none): counted by the throttle, answered after its delay, reading nothing meanwhile.
    private void failed(String name, String mechanism, String why) {
        Duration delay = settings.throttle().failed(connection.client().remoteIp(), name);
        logLogin(false, name, mechanism, why);
        CompletableFuture<Void> waited = new CompletableFuture<>();
        transport.schedule(() -> waited.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        waitFor(waited, (ignored, failure) -> {
            notLoggedIn(Replies.AUTHORIZATION_FAILED, Replies.AUTH_FAILED);
            resume();
        });
    }

    /**
     * A login that did not succeed: qmail-popup's answer and the end of the connection; in the modern
     * profile the answer with its response code, and the session waits for another attempt.
     */
    private void notLoggedIn(byte[] classic, byte[] modern) {
        if (!settings.modern()) {
            write(classic);
            close();
            return;
        }
        user = null;
        write(modern);
    }

    private void mailboxOpened(Mailbox opened, Throwable failure) {
        if (failure != null) {
            boolean noMaildir = failure instanceof Mailbox.NoMaildirException;
            LOG.info("POP3 {}: {} {}", safe(account.user()), noMaildir ? "no Maildir:" : "cannot scan the Maildir:",
                    failure.toString());
            write(noMaildir ? Replies.NO_MAILDIR : Replies.CANNOT_SCAN);
            close();
            return;
        }
        mailbox = opened;
        state = State.TRANSACTION;
        write(Replies.OK);
        resume();
    }

    // qmail-pop3d's pop3commands[]
    private void transaction(Command command) {
        String argument = command.argument();
        switch (command.verb()) {
            case "quit" -> quit();
            case "stat" -> write(Replies.line("+OK " + mailbox.count() + " " + mailbox.undeletedBytes()));
            case "list" -> listing(argument, false);
            case "uidl" -> listing(argument, true);
            case "dele" -> {
                byte[] error = MessageNumber.error(argument, mailbox);
                if (error != null) {
                    write(error);
                    return;
                }
                int number = MessageNumber.number(argument);
                mailbox.message(number).deleted = true;
                last = Math.max(last, number);
                write(Replies.OK);
            }
            case "retr", "top" -> retrieve(argument);
            case "rset" -> {
                mailbox.undeleteAll();
                last = 0;
                write(Replies.OK);
            }
            case "last" -> write(Replies.line("+OK " + last));
            case "noop" -> write(Replies.OK);
            default -> write(Replies.UNIMPLEMENTED);
        }
    }

    private void listing(String argument, boolean uidl) {
        if (!argument.isEmpty()) {
            byte[] error = MessageNumber.error(argument, mailbox);
            if (error != null) {
                write(error);
                return;
            }
            int number = MessageNumber.number(argument);
            write(Replies.line("+OK " + listLine(number, uidl)));
            return;
        }
        StringBuilder out = new StringBuilder("+OK \r\n");
        for (int i = 1; i <= mailbox.count(); i++) {
            if (!mailbox.message(i).deleted) {
                out.append(listLine(i, uidl)).append("\r\n");
            }
        }
        out.append(".\r\n");
        write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    private String listLine(int number, boolean uidl) {
        Mailbox.Message message = mailbox.message(number);
        return number + " " + (uidl ? message.uniqueId() : Long.toString(message.size));
    }

    private void retrieve(String argument) {
        byte[] error = MessageNumber.error(argument, mailbox);
        if (error != null) {
            write(error);
            return;
        }
        int number = MessageNumber.number(argument);
        long bodyLines = MessageNumber.bodyLines(argument);
        Mailbox.Retrieval retrieval;
        try {
            retrieval = settings.asAccountNow(account, () -> mailbox.retrieve(number, bodyLines, WHOLE_MESSAGE_LIMIT));
        } catch (Exception | AccountIdentity.IdentityLost e) {
            if (e instanceof AccountIdentity.IdentityLost) {
                LOG.error("POP3 handler thread lost the server's identity; no message is read on it", e);
            }
            write(Replies.CANNOT_OPEN);
            return;
        }
        if (retrieval.whole() != null) {
            write(retrieval.whole());
            return;
        }
        // Too big to hold: sent as the socket drains, and the next command waits until it has gone, so a
        // session has at most one open file.
        waiting = true;
        applyReadable();
        transport.writeStream(new TransmittedMessage(Replies.OK, retrieval.file(), bodyLines, this::touch),
                connection.james());
        transport.afterWrites(this::resume);
    }

    private void quit() {
        waitFor(settings.asAccount(account, mailbox::commit), (failures, failure) -> {
            int unlinkFailures = failure != null ? 1 : failures;
            for (int i = 0; i < unlinkFailures; i++) {
                write(Replies.CANNOT_UNLINK);
            }
            write(Replies.OK);
            close();
        });
    }

    /** Runs work off this thread; its answer comes back here, and nothing is read meanwhile. */
    private <T> void waitFor(CompletionStage<T> work, BiConsumer<T, Throwable> answered) {
        waiting = true;
        busy = true;
        applyReadable();
        work.whenComplete((value, failure) -> transport.execute(() -> {
            busy = false;
            if (closed) {
                return;
            }
            answered.accept(value, failure);
        }));
    }

    // A client that sends commands without reading the replies stops being read until it does.
    private void holdWhileWritesQueue() {
        if (!waiting && !closed && !transport.isWritable()) {
            waiting = true;
            applyReadable();
            transport.afterWrites(this::resume);
        }
    }

    private void resume() {
        if (closed) {
            return;
        }
        waiting = false;
        applyReadable();
        drain();
    }

    private void applyReadable() {
        transport.setReadable(!waiting && !closed);
    }

    private void write(byte[] reply) {
        if (!closed) {
            transport.writeBytes(reply, connection.james());
        }
    }

    private void close() {
        closed = true;
        transport.closeAfterWrites();
    }

    private void touch() {
        lastActivityNanos = System.nanoTime();
    }

    // One line per attempt, as every listener that checks passwords writes it; never the password.
    private void logLogin(boolean accepted, String name, String mechanism, String why) {
        settings.mailLog().write(settings.throttle().attempted(settings.listener(), accepted, name,
                connection.client().remoteIp(), mechanism, why));
    }

    // A user name is the client's bytes: one log line must stay one line.
    private static String safe(String name) {
        StringBuilder out = new StringBuilder(Math.min(name.length(), 128));
        for (int i = 0; i < name.length() && i < 128; i++) {
            char c = name.charAt(i);
            out.append(c < 0x21 || c > 0x7e ? '?' : c);
        }
        return out.toString();
    }

    // qmail's 1200 s alarm on every read and write: the connection is simply closed.
    private void scheduleTimer(long seconds) {
        timer = transport.schedule(this::checkTime, Math.max(1, seconds), TimeUnit.SECONDS);
    }

    private void checkTime() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (busy) {
            lastActivityNanos = now;
        }
        long idle = TimeUnit.NANOSECONDS.toSeconds(now - lastActivityNanos);
        if (idle >= settings.timeoutSeconds()) {
            LOG.debug("POP3 session from {} idle for {} s; closed", connection.client().remoteIp(), idle);
            closed = true;
            // Not after the writes: a client that stopped reading would keep them, and the slot, forever.
            transport.closeNow();
            return;
        }
        scheduleTimer(settings.timeoutSeconds() - idle);
    }
}

package org.tessera.pop3.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.maillog.MailLogLine;
import org.tessera.common.auth.CheckerChain;
import org.tessera.listener.ChannelTransport;
import org.tessera.listener.TcpServer;

/**
 * One POP3 connection: qmail-popup's dialogue until one login has been tried, then qmail-pop3d's
 * over the account's Maildir (qmail-popup(8), qmail-pop3d(8); the bundle's README), as a state machine fed with the client's bytes.
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
    // Waiting for the server's own work (a checker, the disk), which is not the client idling.
    private boolean busy;
    private boolean closed;
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

    @Override
    public void received(byte[] bytes) {
        lastActivityNanos = System.nanoTime();
        if (closed) {
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
        while (!waiting && !closed && !pending.isEmpty()) {
            handle(pending.pollFirst());
        }
    }

    private void handle(byte[] bytes) {
        int from = 0;
        while (from < bytes.length && !waiting && !closed) {
            int lf = indexOf(bytes, from, (byte) '\n');
            int end = lf < 0 ? bytes.length : lf;
            line.write(bytes, from, end - from);
            from = lf < 0 ? bytes.length : lf + 1;
            if (line.size() > settings.maxCommandBytes()) {
                LOG.debug("POP3 command of more than {} bytes from {}; session ended", settings.maxCommandBytes(),
                        connection.client().remoteIp());
                write(Replies.LINE_TOO_LONG);
                close();
                return;
            }
            if (lf >= 0) {
                byte[] text = line.toByteArray();
                line.reset();
                command(Command.parse(text, text.length));
                holdWhileWritesQueue();
            }
        }
        if (from < bytes.length && !closed) {
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
                    login(user, argument);
                }
            }
            case "apop" -> {
                int space = argument.indexOf(' ');
                if (space < 0) {
                    write(Replies.SYNTAX_ERROR);
                } else {
                    login(argument.substring(0, space), argument.substring(space + 1));
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

    // qmail-popup's doanddie: one attempt, whatever its outcome, per connection.
    private void login(String name, String password) {
        user = name;
        byte[] secret = password.getBytes(StandardCharsets.ISO_8859_1);
        waitFor(settings.login(name, secret, timestamp), this::loginAnswered);
    }

    private void loginAnswered(CheckerChain.Answer answer, Throwable failure) {
        if (failure != null || answer.crashed()) {
            logLogin("failed", failure != null ? "password check failed" : answer.why());
            write(Replies.CHILD_CRASHED);
            close();
            return;
        }
        AuthResult result = answer.result();
        if (result.outcome() != AuthResult.Outcome.ACCEPTED) {
            logLogin("failed", answer.why());
            write(Replies.AUTHORIZATION_FAILED);
            close();
            return;
        }
        // notqmail's qmail-pop3d refuses to run as root; as root we also need the ids to take.
        String refusal = result.uid() == 0 ? "uid 0 refused"
                : settings.serverIsRoot() && (result.uid() == AuthResult.UNKNOWN_ID || result.gid() == AuthResult.UNKNOWN_ID)
                        ? "the checker gave no uid and gid" : null;
        if (refusal != null) {
            logLogin("failed", refusal);
            write(Replies.AUTHORIZATION_FAILED);
            close();
            return;
        }
        logLogin("ok", null);
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

    private void logLogin(String outcome, String why) {
        String who = safe(user) + " from " + connection.client().remoteIp();
        settings.mailLog().write(new MailLogLine(Instant.now(), MailLogLine.Kind.LOGIN,
                "pop3: login " + outcome + " " + who + (why == null ? "" : ": " + why)));
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

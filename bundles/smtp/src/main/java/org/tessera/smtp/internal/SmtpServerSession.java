package org.tessera.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.TlsParameters;
import org.tessera.api.policy.Verdict;
import org.tessera.listener.ChannelTransport;
import org.tessera.listener.MessagePipe;
import org.tessera.listener.ReadGate;
import org.tessera.listener.TcpServer;

import io.netty.handler.ssl.SslContext;

/**
 * One SMTP connection, the server's side: qmail-smtpd (qmail-smtpd(8)) fed with the client's bytes,
 * which are cut into command lines for the dialogue ({@link SmtpDialogue}) or, after a 354, carried
 * into the message ({@link DataTransaction}). Everything here runs on the connection's handler thread;
 * an answer that comes later (a hook's, or the queue's after its sync) is brought back to that thread,
 * and bytes the client sends meanwhile wait in {@link #pending}, so replies keep the order of the commands.
 */
final class SmtpServerSession implements TcpServer.Session {

    private static final int PIPE_HIGH_WATER = 256 * 1024;

    private final ProtocolSession james;
    private final ChannelTransport transport;
    private final SmtpSettings settings;
    private final SmtpDialogue dialogue;
    private final SmtpMeters meters;

    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private boolean commandTooLong;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private final ReadGate gate;
    private boolean closed;
    private int commands;
    private final long startNanos = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean inputEnded;
    // From STARTTLS to the end of its handshake: whatever the client sent in clear is dropped unread.
    private boolean awaitingHandshake;

    private DataTransaction data;
    // Set between a message's dot and the queue's answer: the only time a stopping listener waits for a session.
    private boolean awaitingQueue;
    private CompletableFuture<Void> stopAfterAnswer;

    SmtpServerSession(SmtpListener listener, ProtocolSession james, ChannelTransport transport, ClientInfo client,
            Map<String, String> environment, SmtpSettings settings) {
        this.james = james;
        this.transport = transport;
        this.gate = new ReadGate(transport);
        this.settings = settings;
        this.dialogue = new SmtpDialogue(this, listener, client, environment, settings);
        this.meters = listener.meters();
    }

    /** Admitted under {@code concurrencyincoming}: the greeting, then the client's bytes. */
    @Override
    public void start() {
        if (closed) {
            return;
        }
        if (settings.greeting().isEmpty()) {
            reply(Reply.NO_CONTROLS);
            return;
        }
        meters.session();
        reply(Reply.of("220 " + settings.greeting() + " ESMTP"));
        scheduleTimer(settings.timeoutSeconds());
        resume();
    }

    /** Bytes from the client, as the framer cut them (each piece ends at a LF or at the framer's limit). */
    @Override
    public void received(byte[] bytes) {
        gate.heard();
        if (closed || awaitingHandshake) {
            return;
        }
        if (gate.isHeld()) {
            pending.addLast(bytes);
            return;
        }
        handle(bytes, 0);
        drain();
    }

    /** Its idle clock: time since the client last sent something, or the server last let it go on. */
    @Override
    public ReadGate gate() {
        return gate;
    }

    /** The client's address passed the listener's limits: told to come back later, never greeted. */
    @Override
    public void refuse(ChannelTransport transport) {
        reply(Reply.TOO_MANY_FROM_ADDRESS);
    }

    /** Every slot is taken and others wait: an idle client is told, as qmail-smtpd's timeout tells it. */
    @Override
    public void evict(ChannelTransport transport) {
        reply(Reply.BUSY_IDLE);
    }

    /**
     * The listener stops: a message the queue is committing is answered first, so that a client never misses
     * the 250 of a message that was queued (and sends it twice); then, or at once, the client is told 421.
     */
    @Override
    public CompletionStage<Void> stopping(ChannelTransport transport) {
        CompletableFuture<Void> said = new CompletableFuture<>();
        if (awaitingQueue && !closed) {
            stopAfterAnswer = said;
        } else {
            reply(Reply.SHUTTING_DOWN);
            said.complete(null);
        }
        return said;
    }

    /** The connection is gone: a message under way is failed, so nothing half-received is queued. */
    @Override
    public void disconnected() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (data != null) {
            data.fail("client disconnected during DATA");
        }
    }

    /**
     * The client ended its half of the connection: as qmail-smtpd at the end of its input, what was read
     * before is answered (a message whose dot came is queued and acknowledged first), a message without
     * its dot is dropped, and the session ends.
     */
    @Override
    public void inputEnded() {
        inputEnded = true;
        endIfInputEnded();
    }

    private void drain() {
        while (!gate.isHeld() && !closed && !awaitingHandshake && !pending.isEmpty()) {
            handle(pending.pollFirst(), 0);
        }
        endIfInputEnded();
    }

    private void endIfInputEnded() {
        if (!inputEnded || closed || gate.isHeld() || awaitingHandshake || !pending.isEmpty()) {
            return;
        }
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
        if (data != null) {
            data.fail("client ended its input during DATA");
        }
        transport.closeAfterWrites();
    }

    private void handle(byte[] bytes, int from) {
        int at = from;
        while (at < bytes.length && !gate.isHeld() && !closed && !awaitingHandshake) {
            if (data != null) {
                at = dataBytes(bytes, at);
            } else {
                at = commandBytes(bytes, at);
            }
        }
        if (at < bytes.length && !closed && !awaitingHandshake) {
            // Pipelined input after the final dot waits for the queue's answer.
            pending.addFirst(Arrays.copyOfRange(bytes, at, bytes.length));
        }
    }

    private int commandBytes(byte[] bytes, int from) {
        int lf = from;
        while (lf < bytes.length && bytes[lf] != '\n') {
            lf++;
        }
        int end = lf < bytes.length ? lf + 1 : lf;
        if (command.size() + (end - from) > settings.maxCommandBytes()) {
            commandTooLong = true;
        } else if (!commandTooLong) {
            command.write(bytes, from, end - from);
        }
        if (lf < bytes.length) {
            byte[] line = command.toByteArray();
            boolean tooLong = commandTooLong;
            command.reset();
            commandTooLong = false;
            if (tooLong && dialogue.inAuthExchange()) {
                dialogue.authLineTooLong();
            } else if (tooLong) {
                reply(Reply.LINE_TOO_LONG);
            } else {
                command(line);
            }
        }
        return end;
    }

    private void command(byte[] line) {
        if (++commands > settings.maxCommands()) {
            reply(Reply.TOO_MANY_COMMANDS);
            return;
        }
        SmtpCommand.run(dialogue, line);
    }

    /**
     * Waits, reading nothing more, for hooks asked off this thread; their verdict is handled back on
     * this thread, in command order.
     */
    void whenAnswered(CompletableFuture<Verdict> question, Consumer<Verdict> then) {
        whenDone(question, (verdict, failure) -> then.accept(verdict));
    }

    /** As {@link #whenAnswered}, for work that may fail: {@code then} gets the result or the failure. */
    <T> void whenDone(CompletableFuture<T> work, BiConsumer<T, Throwable> then) {
        gate.hold();
        work.whenComplete((result, failure) -> transport.execute(() -> {
            if (closed) {
                return;
            }
            then.accept(result, failure);
            resume();
        }));
    }

    /** Completes after a delay, for {@link #whenDone}: a reply that waits, with the client unread meanwhile. */
    CompletableFuture<Void> after(Duration delay) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        transport.schedule(() -> done.complete(null), delay.toMillis(), TimeUnit.MILLISECONDS);
        return done;
    }

    /**
     * STARTTLS: the go-ahead leaves in clear, then only TLS is read. Every byte the client sent after
     * the command and before the handshake's end, in this read or a later one, is dropped unread
     * (CVE-2011-0411); the dialogue starts over once the handshake is done.
     */
    void startTls(SslContext context) {
        awaitingHandshake = true;
        pending.clear();
        command.reset();
        commandTooLong = false;
        transport.startTls(context, (Reply.TLS_READY.lines().get(0) + "\r\n").getBytes(StandardCharsets.US_ASCII), () -> {
            awaitingHandshake = false;
            dialogue.secured(transport.tls());
            gate.heard();
            drain();
        });
    }

    /** What TLS negotiated, once a handshake is done (implicit TLS: before the first command). */
    Optional<TlsParameters> negotiatedTls() {
        return transport.tls();
    }

    /** A pipe for DATA whose filling stops and starts the reading of the client's bytes. */
    MessagePipe messagePipe() {
        return new MessagePipe(PIPE_HIGH_WATER, gate::pipeFlow);
    }

    /** From the 354 on, the client's bytes are the message's until its dot. */
    void beginData(DataTransaction transaction) {
        data = transaction;
    }

    private int dataBytes(byte[] bytes, int from) {
        DataTransaction transaction = data;
        DataReceiver.Progress progress = transaction.take(bytes, from);
        if (progress == DataReceiver.Progress.BARE_LF) {
            data = null;
            reply(Reply.BARE_LF);
            return bytes.length;
        }
        if (progress == DataReceiver.Progress.MORE) {
            return bytes.length;
        }
        gate.hold();
        awaitingQueue = true;
        transaction.queued().whenComplete((outcome, failure) -> transport.execute(() -> queued(transaction, outcome)));
        return transaction.consumed();
    }

    // Back on the session's thread with the queue's answer.
    private void queued(DataTransaction transaction, DataOutcome outcome) {
        data = null;
        awaitingQueue = false;
        if (!closed) {
            Reply answer = transaction.finalReply(outcome);
            meters.message(answer);
            reply(answer);
        }
        if (stopAfterAnswer != null) {
            reply(Reply.SHUTTING_DOWN);
            stopAfterAnswer.complete(null);
            return;
        }
        if (!closed) {
            resume();
        }
    }

    private void resume() {
        gate.release();
        drain();
    }

    void reply(Reply reply) {
        if (closed) {
            return;
        }
        meters.reply(reply);
        write(reply);
        if (reply.isEndSession()) {
            closed = true;
            if (data != null) {
                data.fail("session closed");
            }
        }
    }

    private void write(Response response) {
        transport.writeResponse(response, james);
    }

    // qmail-smtpd's alarm on every read (timeoutsmtpd), and Tessera's bound on a whole session.
    private void scheduleTimer(long seconds) {
        timer = transport.schedule(this::checkTime, Math.max(1, seconds), TimeUnit.SECONDS);
    }

    private void checkTime() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        if (now - startNanos >= TimeUnit.SECONDS.toNanos(settings.maxSessionSeconds())) {
            reply(Reply.SESSION_TOO_LONG);
            return;
        }
        // Not reading because the queue is behind (its answer, or a full pipe) is not the client idling.
        long idle = TimeUnit.NANOSECONDS.toSeconds(gate.idleNanos());
        if (idle >= settings.timeoutSeconds()) {
            reply(Reply.TIMEOUT);
            return;
        }
        scheduleTimer(settings.timeoutSeconds() - idle);
    }
}

package org.tessera.smtp.internal;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.Response;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.common.hooks.TransactionSnapshot;
import org.tessera.listener.ChannelTransport;
import org.tessera.listener.MessagePipe;
import org.tessera.listener.QmailReceivedHeader;
import org.tessera.listener.ReadGate;
import org.tessera.listener.TcpServer;

/**
 * One SMTP connection: qmail-smtpd's dialogue (qmail-smtpd(8)) as a state machine fed with the
 * client's bytes. Everything here runs on the connection's handler thread; an answer that comes
 * later (the queue's, after its sync) is brought back to that thread, and bytes the client sends
 * meanwhile wait in {@link #pending}, so replies keep the order of the commands.
 */
final class SmtpServerSession implements TcpServer.Session {

    private static final String RELAYCLIENT = "RELAYCLIENT";
    private static final int PIPE_HIGH_WATER = 256 * 1024;

    private final SmtpListener listener;
    private final ProtocolSession james;
    private final ChannelTransport transport;
    final ClientInfo client;
    final Map<String, String> environment;
    private final SmtpSettings settings;
    private final HookQuestions questions;

    private final ByteArrayOutputStream command = new ByteArrayOutputStream();
    private boolean commandTooLong;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private final ReadGate gate;
    private boolean closed;
    private int commands;
    private final long startNanos = System.nanoTime();
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> timer;
    private boolean inputEnded;

    private Optional<String> helo = Optional.empty();
    private boolean seenMail;
    private MailAddress sender;
    private boolean badMailFrom;
    private final List<MailAddress> recipients = new ArrayList<>();
    private DataTransaction data;

    SmtpServerSession(SmtpListener listener, ProtocolSession james, ChannelTransport transport, ClientInfo client,
            Map<String, String> environment, SmtpSettings settings) {
        this.listener = listener;
        this.james = james;
        this.transport = transport;
        this.gate = new ReadGate(transport);
        this.client = client;
        this.environment = environment;
        this.settings = settings;
        this.questions = new HookQuestions(listener);
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
        reply(Reply.of("220 " + settings.greeting() + " ESMTP"));
        lastReadNanos = System.nanoTime();
        scheduleTimer(settings.timeoutSeconds());
        resume();
    }

    /** Bytes from the client, as the framer cut them (each piece ends at a LF or at the framer's limit). */
    @Override
    public void received(byte[] bytes) {
        lastReadNanos = System.nanoTime();
        if (closed) {
            return;
        }
        if (gate.isHeld()) {
            pending.addLast(bytes);
            return;
        }
        handle(bytes, 0);
        drain();
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
        while (!gate.isHeld() && !closed && !pending.isEmpty()) {
            handle(pending.pollFirst(), 0);
        }
        endIfInputEnded();
    }

    private void endIfInputEnded() {
        if (!inputEnded || closed || gate.isHeld() || !pending.isEmpty()) {
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
        while (at < bytes.length && !gate.isHeld() && !closed) {
            if (data != null) {
                at = dataBytes(bytes, at);
            } else {
                at = commandBytes(bytes, at);
            }
        }
        if (at < bytes.length && !closed) {
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
            if (tooLong) {
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
        SmtpCommand.run(this, line);
    }

    // Beyond qmail, the HELO policies may refuse a greeting; the session then keeps the name it had.
    void helo(boolean extended, String argument) {
        if (!questions.asksAboutHelo()) {
            greeted(extended, argument);
            return;
        }
        whenAnswered(questions.helo(transaction(), argument), verdict -> {
            if (HookQuestions.isRefusal(verdict)) {
                reply(Reply.refusal(verdict));
            } else {
                greeted(extended, argument);
            }
        });
    }

    private void greeted(boolean extended, String argument) {
        seenMail = false;
        helo = Optional.of(argument);
        reply(extended ? Reply.of("250-" + settings.greeting(), "250-PIPELINING", "250 8BITMIME")
                : Reply.of("250 " + settings.greeting()));
    }

    void reset() {
        seenMail = false;
        reply(Reply.FLUSHED);
    }

    void quit() {
        reply(Reply.closing("221 " + settings.greeting()));
    }

    void mail(String argument) {
        Optional<String> parsed = AddressParser.parse(argument, settings.localIpHost(), listener::isThisHost);
        if (parsed.isEmpty()) {
            reply(Reply.SYNTAX);
            return;
        }
        boolean bad = listener.control().isBadMailFrom(parsed.get());
        MailAddress from = MailAddress.parse(parsed.get());
        if (!questions.asksAboutSender()) {
            takeSender(from, bad);
            return;
        }
        seenMail = false;
        whenAnswered(questions.sender(transaction(), from), verdict -> {
            if (HookQuestions.isRefusal(verdict)) {
                reply(Reply.refusal(verdict));
            } else {
                takeSender(from, bad);
            }
        });
    }

    private void takeSender(MailAddress from, boolean bad) {
        badMailFrom = bad;
        sender = from;
        seenMail = true;
        recipients.clear();
        reply(Reply.OK);
    }

    void rcpt(String argument) {
        if (!seenMail) {
            reply(Reply.MAIL_FIRST);
            return;
        }
        Optional<String> parsed = AddressParser.parse(argument, settings.localIpHost(), listener::isThisHost);
        if (parsed.isEmpty()) {
            reply(Reply.SYNTAX);
            return;
        }
        if (badMailFrom) {
            reply(Reply.BAD_MAIL_FROM);
            return;
        }
        if (recipients.size() >= settings.maxRecipients()) {
            reply(Reply.TOO_MANY_RECIPIENTS);
            return;
        }
        String text = parsed.get();
        MailAddress recipient = MailAddress.parse(text);
        if (recipient.hasAt() && recipient.domain().isEmpty() && !environment.containsKey(RELAYCLIENT)) {
            // "u@": an empty domain after the last @, which is in no rcpthosts; refused before any
            // policy, as qmail-smtpd does ("u" without @ is always allowed).
            reply(Reply.NOT_IN_RCPTHOSTS);
            return;
        }
        whenAnswered(questions.relay(transaction(), recipient), verdict -> {
            switch (verdict.outcome()) {
                case ACCEPT -> {
                    // RELAYCLIENT's value is appended to the text, as qmail-smtpd does, and may hold an '@'.
                    String relayClient = environment.get(RELAYCLIENT);
                    recipients.add(relayClient == null ? recipient : MailAddress.parse(text + relayClient));
                    reply(Reply.OK);
                }
                case REJECT, DEFER -> reply(Reply.refusal(verdict));
                case NO_OPINION -> reply(Reply.NO_POLICY);
            }
        });
    }

    /**
     * Waits, reading nothing more, for hooks asked off this thread; their verdict is handled back on
     * this thread, in command order.
     */
    private void whenAnswered(CompletableFuture<Verdict> question, Consumer<Verdict> then) {
        gate.hold();
        question.thenAccept(verdict -> transport.execute(() -> {
            if (closed) {
                return;
            }
            then.accept(verdict);
            resume();
        }));
    }

    /** The transaction as it stands, for a hook asked on another thread. */
    MailTransaction transaction() {
        return new TransactionSnapshot(client, environment, helo, Optional.empty(), Optional.empty(),
                seenMail ? Optional.of(sender) : Optional.empty(), seenMail ? recipients : List.of());
    }

    void data() {
        if (!seenMail) {
            reply(Reply.MAIL_FIRST);
            return;
        }
        if (recipients.isEmpty()) {
            reply(Reply.RCPT_FIRST);
            return;
        }
        MailTransaction whole = transaction();
        seenMail = false;
        Optional<MailQueue> queue = listener.queue();
        if (queue.isEmpty()) {
            reply(Reply.QQT_FAILURE);
            return;
        }
        if (listener.lacksFilters()) {
            reply(Reply.refusal(FilteredInjection.NO_FILTER));
            return;
        }
        MessagePipe pipe = new MessagePipe(PIPE_HIGH_WATER, gate::pipeFlow);
        Envelope envelope = new Envelope(sender, List.copyOf(recipients));
        CompletionStage<DataOutcome> queued;
        try {
            Optional<FilteredInjection> filtering = listener.filtering();
            queued = filtering.isPresent() ? filtering.get().start(whole, pipe)
                    : queue.get().inject(envelope, Origin.NETWORK, pipe).thenApply(r -> new DataOutcome(r, null));
        } catch (RuntimeException e) {
            SmtpListener.LOG.warn("the queue refused an injection", e);
            reply(Reply.QQT_FAILURE);
            return;
        }
        data = new DataTransaction(pipe, queued, settings.databytes());
        reply(Reply.GO_AHEAD);
        data.begin(QmailReceivedHeader.lines("SMTP", client.remoteHost(), helo, client.remoteInfo(), client.remoteIp(),
                client.localHost().isEmpty() ? client.localIp() : client.localHost(), Instant.now()));
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
        transaction.queued().whenComplete((outcome, failure) -> transport.execute(() -> queued(transaction, outcome)));
        return transaction.consumed();
    }

    // Back on the session's thread with the queue's answer.
    private void queued(DataTransaction transaction, DataOutcome outcome) {
        data = null;
        if (closed) {
            return;
        }
        reply(transaction.finalReply(outcome));
        resume();
    }

    private void resume() {
        gate.release();
        drain();
    }

    void reply(Reply reply) {
        if (closed) {
            return;
        }
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
        long idle = TimeUnit.NANOSECONDS.toSeconds(now - lastReadNanos);
        // Not reading because the queue is behind (its answer, or a full pipe) is not the client idling.
        boolean heldBack = gate.heldBack();
        if (heldBack) {
            lastReadNanos = now;
        } else if (idle >= settings.timeoutSeconds()) {
            reply(Reply.TIMEOUT);
            return;
        }
        scheduleTimer(heldBack ? settings.timeoutSeconds() : settings.timeoutSeconds() - idle);
    }
}

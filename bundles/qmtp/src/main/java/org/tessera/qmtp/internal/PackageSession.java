package org.tessera.qmtp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.mail.Envelope;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.ListenerMessages;
import org.tessera.listener.MessagePipe;
import org.tessera.listener.QmailReceivedHeader;
import org.tessera.listener.ReadGate;
import org.tessera.listener.TcpServer;

/**
 * What a QMTP and a QMQP connection share: the package's message streamed into
 * {@code MailQueue.inject} while it arrives (its envelope follows the message, so the queue gets
 * it as a stage that completes once the package has been read), the client held back while the
 * queue is behind or its answer is awaited, and the session alarm. Everything here runs on the
 * connection's handler thread; the queue's answer is brought back to it.
 */
abstract class PackageSession implements TcpServer.Session, PackageEvents {

    static final Logger LOG = LoggerFactory.getLogger(PackageSession.class);
    private static final int PIPE_HIGH_WATER = 256 * 1024;

    final TcpServer.Connection connection;
    private final String protocol;
    private final Supplier<MailQueue> queue;
    private final KeptCounters messages;
    private final long maxSessionSeconds;
    private final Deque<byte[]> pending = new ArrayDeque<>();
    private final ReadGate gate;
    private boolean closed;
    private ScheduledFuture<?> alarm;

    private MessagePipe pipe;
    private CompletableFuture<Envelope> envelope;
    private CompletionStage<InjectResult> injected;

    /**
     * @param protocol {@code QMTP} or {@code QMQP}, for the Received line
     * @param queue the queue service now, asked at each message; null while none is running
     */
    PackageSession(TcpServer.Connection connection, String protocol, Supplier<MailQueue> queue,
            KeptCounters messages, long maxSessionSeconds) {
        this.connection = connection;
        this.gate = new ReadGate(connection.transport());
        this.protocol = protocol;
        this.queue = queue;
        this.messages = messages;
        this.maxSessionSeconds = maxSessionSeconds;
    }

    /** Reads package bytes; returns the index of the first byte not read. */
    abstract int read(byte[] bytes, int from, int to);

    abstract ReadStatus status();

    /** Whether a package is partly read (then a vanished client means nothing may be queued). */
    abstract boolean midPackage();

    /** The package was read whole: its answer, as the bytes to write. */
    abstract CompletionStage<byte[]> answer();

    /** After the answer went out: ready for the next package, or false when the session ends. */
    abstract boolean nextPackage();

    @Override
    public void start() {
        alarm = connection.transport().schedule(this::alarm, Math.max(1, maxSessionSeconds), TimeUnit.SECONDS);
        resume();
    }

    @Override
    public void received(byte[] bytes) {
        gate.heard();
        if (closed) {
            return;
        }
        if (gate.isHeld()) {
            pending.addLast(bytes);
            return;
        }
        handle(bytes);
        drain();
    }

    /** Its idle clock: time since the client last sent something, or the server last let it go on. */
    @Override
    public ReadGate gate() {
        return gate;
    }

    @Override
    public void disconnected() {
        closed = true;
        if (alarm != null) {
            alarm.cancel(false);
        }
        if (midPackage()) {
            abandon("client disconnected");
        }
    }

    private void drain() {
        while (!gate.isHeld() && !closed && !pending.isEmpty()) {
            handle(pending.pollFirst());
        }
    }

    private void handle(byte[] bytes) {
        int at = 0;
        while (at < bytes.length && !gate.isHeld() && !closed) {
            at = read(bytes, at, bytes.length);
            switch (status()) {
                case READING -> {
                    // wants more bytes
                }
                case PACKAGE_DONE -> waitFor(answer());
                case BAD_PROTOCOL, TOO_LONG -> {
                    LOG.debug("{} from {}: {}; session ended", protocol, connection.client().remoteIp(), status());
                    end();
                    return;
                }
            }
        }
        if (at < bytes.length && !closed) {
            // The next package came before this one's answer: it waits.
            pending.addFirst(Arrays.copyOfRange(bytes, at, bytes.length));
        }
    }

    private void waitFor(CompletionStage<byte[]> reply) {
        gate.hold();
        reply.whenComplete((bytes, failure) -> connection.transport().execute(() -> answered(bytes, failure)));
    }

    // A netstring's first byte after its length: K, Z or D (QMTP gives one per recipient; the first counts).
    private static char firstAnswer(byte[] reply) {
        for (int i = 0; i < reply.length - 1; i++) {
            if (reply[i] == ':') {
                return (char) reply[i + 1];
            }
        }
        return 'D';
    }

    private void answered(byte[] reply, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            LOG.warn("{} answer failed", protocol, failure);
            end();
            return;
        }
        ListenerMessages.answered(messages, firstAnswer(reply));
        connection.transport().writeBytes(reply, connection.james());
        if (nextPackage()) {
            resume();
        } else {
            closed = true;
            connection.transport().closeAfterWrites();
        }
    }

    // qmail's alarm(3600): the session ends, without a word, whatever it was doing.
    private void alarm() {
        if (!closed) {
            LOG.debug("{} session from {} lasted {} s; ended", protocol, connection.client().remoteIp(), maxSessionSeconds);
            end();
        }
    }

    private void end() {
        closed = true;
        abandon("session ended");
        connection.transport().closeAfterWrites();
    }

    private void resume() {
        gate.release();
        drain();
    }

    /** The message starts: the injection begins, with this listener's Received line first. */
    void beginInjection() {
        pipe = null;
        envelope = null;
        injected = null;
        MailQueue current = queue.get();
        if (current == null) {
            return;
        }
        MessagePipe started = new MessagePipe(PIPE_HIGH_WATER, gate::pipeFlow);
        CompletableFuture<Envelope> known = new CompletableFuture<>();
        try {
            injected = current.inject(known, Origin.NETWORK, started);
        } catch (RuntimeException e) {
            LOG.warn("the queue refused an injection", e);
            return;
        }
        pipe = started;
        envelope = known;
        ClientInfo client = connection.client();
        StringBuilder received = new StringBuilder();
        QmailReceivedHeader.lines(protocol, client.remoteHost(), Optional.empty(), client.remoteInfo(),
                client.remoteIp(), client.localHost().isEmpty() ? client.localIp() : client.localHost(), Instant.now())
                .forEach(line -> received.append(line).append('\n'));
        pipe.put(received.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Whether a queue takes this package's message (false: no queue was running, or it refused to start). */
    boolean injecting() {
        return pipe != null;
    }

    void putMessage(byte[] bytes, int from, int to) {
        if (pipe != null && to > from) {
            pipe.put(Arrays.copyOfRange(bytes, from, to));
        }
    }

    void endMessage() {
        if (pipe != null) {
            pipe.finish();
        }
    }

    /** Stops storing the message (databytes): the queue will commit nothing. */
    void failMessage(String why) {
        if (pipe != null) {
            pipe.fail(why);
        }
    }

    /** Gives the queue the envelope; its answer follows the sync. Only when {@link #injecting()}. */
    CompletionStage<InjectResult> commit(Envelope known) {
        envelope.complete(known);
        CompletionStage<InjectResult> result = injected;
        pipe = null;
        envelope = null;
        injected = null;
        return result;
    }

    /** Nothing of this package is queued. */
    void abandon(String why) {
        if (pipe != null) {
            pipe.fail(why);
        }
        if (envelope != null) {
            envelope.completeExceptionally(new IOException(why));
        }
        pipe = null;
        envelope = null;
        injected = null;
    }

    /** One netstring, as QMTP and QMQP answer. */
    static byte[] netstring(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = (bytes.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(head, head.length + bytes.length + 1);
        System.arraycopy(bytes, 0, out, head.length, bytes.length);
        out[out.length - 1] = ',';
        return out;
    }

    /** The queue's answer as a reply text: {@code Kok <time> qp <qp>}, or its D/Z text. */
    static String replyText(InjectResult result) {
        return switch (result.outcome()) {
            case OK -> "Kok " + Instant.now().getEpochSecond() + " qp " + result.qp();
            case PERMANENT -> "D" + result.text();
            case TEMPORARY -> "Z" + result.text();
        };
    }
}

package org.tessera.qmtp.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.MailQueue;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.TcpServer;

/**
 * One QMQP connection: qmail-qmqpd (qmail-qmqpd(8)). One package, for any destination (tcprules
 * restrict who may send), the message queued verbatim; one netstring answers, then the connection
 * closes. An address of 1000 bytes or more, or with a NUL, refuses the whole message.
 */
final class QmqpSession extends PackageSession {

    private final QmqpReader reader = new QmqpReader(this);
    private final int maxRecipients;
    private boolean addressesOk = true;
    private boolean tooMany;
    private MailAddress sender = MailAddress.NULL_SENDER;
    private final List<MailAddress> recipients = new ArrayList<>();

    QmqpSession(TcpServer.Connection connection, Supplier<MailQueue> queue, KeptCounters messages, long maxSessionSeconds, int maxRecipients) {
        super(connection, "QMQP", queue, messages, maxSessionSeconds);
        this.maxRecipients = maxRecipients;
    }

    @Override
    int read(byte[] bytes, int from, int to) {
        return reader.feed(bytes, from, to);
    }

    @Override
    ReadStatus status() {
        return reader.status();
    }

    @Override
    boolean midPackage() {
        return !reader.untouched() && reader.status() != ReadStatus.PACKAGE_DONE;
    }

    @Override
    public void messageStarts(long length) {
        beginInjection();
    }

    @Override
    public void messageBytes(byte[] bytes, int from, int to) {
        putMessage(bytes, from, to);
    }

    @Override
    public void messageEnds() {
        endMessage();
    }

    @Override
    public void sender(byte[] bytes) {
        MailAddress parsed = parse(bytes);
        if (parsed != null) {
            sender = parsed;
        }
    }

    @Override
    public void recipient(byte[] bytes) {
        MailAddress parsed = parse(bytes);
        if (parsed == null) {
            return;
        }
        if (recipients.size() < maxRecipients) {
            recipients.add(parsed);
        } else {
            tooMany = true;
        }
    }

    private MailAddress parse(byte[] bytes) {
        if (bytes == null || QmtpSession.indexOfNul(bytes) >= 0) {
            addressesOk = false;
            return null;
        }
        return MailAddress.parse(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public void packageEnds() {
        // The answer follows from answer(), called once the reader reports the package done.
    }

    @Override
    CompletionStage<byte[]> answer() {
        String refusal = null;
        if (!addressesOk) {
            refusal = Replies.BAD_ADDRESSES;
        } else if (tooMany) {
            refusal = Replies.TOO_MANY_RECIPIENTS;
        } else if (!injecting()) {
            refusal = Replies.NO_QUEUE;
        }
        if (refusal != null) {
            abandon(refusal);
            return CompletableFuture.completedFuture(netstring(refusal));
        }
        return commit(new Envelope(sender, recipients)).thenApply(r -> netstring(replyText(r)));
    }

    @Override
    boolean nextPackage() {
        return false;
    }
}

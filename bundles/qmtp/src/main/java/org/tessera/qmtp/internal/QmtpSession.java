package org.tessera.qmtp.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.queue.MailQueue;
import org.tessera.common.hooks.HookCalls;
import org.tessera.common.hooks.TransactionSnapshot;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.TcpServer;

/**
 * One QMTP connection: qmail-qmtpd (qmail-qmtpd(8)). Packages follow each other on the connection; each
 * recipient is checked as it is read (length, NUL, {@code RELAYCLIENT}), those that need the
 * relay-policy chain are judged in order when the package is complete (the policies run on the
 * listener's hook threads, with its deadline), the message is queued once with every accepted
 * recipient, and the answer is one netstring per recipient, in order: its own refusal, or the
 * package's result.
 */
final class QmtpSession extends PackageSession {

    private static final String RELAYCLIENT = "RELAYCLIENT";

    private final QmtpReader reader;
    private final long databytes;
    private final int maxRecipients;
    private final String relayClient;
    private final Supplier<List<RelayPolicy>> policies;
    private final HookCalls hooks;

    private long messageBytes;
    private boolean overflow;
    private MailAddress sender;
    private boolean senderOk;
    private final List<MailAddress> accepted = new ArrayList<>();
    // Per recipient in order: its own refusal, or null for the package's result.
    private final List<String> refusals = new ArrayList<>();
    // Recipients the relay-policy chain judges once the package is complete, with their place in refusals.
    private final List<Unjudged> unjudged = new ArrayList<>();

    private record Unjudged(int index, MailAddress address) {
    }

    /**
     * @param databytes the most message bytes taken (after CR LF conversion), 0 for no limit
     * @param policies the relay-policy chain now, highest ranking first
     * @param hooks where the policies are called, each with the listener's deadline
     */
    QmtpSession(TcpServer.Connection connection, Supplier<MailQueue> queue, KeptCounters messages, long maxSessionSeconds, long databytes,
            int maxRecipients, Supplier<List<RelayPolicy>> policies, HookCalls hooks) {
        super(connection, "QMTP", queue, messages, maxSessionSeconds);
        this.databytes = databytes;
        this.maxRecipients = maxRecipients;
        this.relayClient = connection.environment().get(RELAYCLIENT);
        this.policies = policies;
        this.hooks = hooks;
        int relayLength = relayClient == null ? 0 : relayClient.getBytes(StandardCharsets.UTF_8).length;
        this.reader = new QmtpReader(this, Math.max(0, QmtpReader.ADDRESS_LIMIT - relayLength));
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
        return !reader.betweenPackages();
    }

    @Override
    public void messageStarts(long length) {
        messageBytes = 0;
        overflow = false;
        beginInjection();
    }

    @Override
    public void messageBytes(byte[] bytes, int from, int to) {
        if (overflow) {
            return;
        }
        messageBytes += to - from;
        if (databytes > 0 && messageBytes > databytes) {
            // qmail reads on to the end of the package and then answers; nothing more is stored.
            overflow = true;
            failMessage("message over databytes");
            return;
        }
        putMessage(bytes, from, to);
    }

    @Override
    public void messageEnds() {
        if (!overflow) {
            endMessage();
        }
    }

    @Override
    public void sender(byte[] bytes) {
        senderOk = bytes != null && indexOfNul(bytes) < 0;
        sender = senderOk ? MailAddress.parse(new String(bytes, StandardCharsets.UTF_8)) : MailAddress.NULL_SENDER;
    }

    @Override
    public void recipient(byte[] bytes) {
        if (bytes == null || indexOfNul(bytes) >= 0) {
            refusals.add(Replies.CANT_HANDLE_RECIPIENT);
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (relayClient != null) {
            if (accepted.size() >= maxRecipients) {
                refusals.add(Replies.TOO_MANY_RECIPIENTS);
                return;
            }
            accepted.add(MailAddress.parse(text + relayClient));
            refusals.add(null);
            return;
        }
        MailAddress recipient = MailAddress.parse(text);
        // "u@" (an @ and the empty domain, in no rcpthosts) is the rcpthosts policy's to refuse, as qmail's addrallowed.
        unjudged.add(new Unjudged(refusals.size(), recipient));
        refusals.add(null);
    }

    @Override
    public void packageEnds() {
        // The answer follows from answer(), called once the reader reports the package done.
    }

    // In order, so each policy sees the recipients accepted before its own, as in SMTP.
    private CompletionStage<Void> judge(int next) {
        if (next == unjudged.size()) {
            return CompletableFuture.completedFuture(null);
        }
        Unjudged recipient = unjudged.get(next);
        if (accepted.size() >= maxRecipients) {
            refusals.set(recipient.index(), Replies.TOO_MANY_RECIPIENTS);
            return judge(next + 1);
        }
        TransactionSnapshot transaction = TransactionSnapshot.plain(connection.client(), connection.environment(),
                sender, accepted);
        return hooks.firstOpinion(policies.get(), policy -> policy.check(transaction, recipient.address()))
                .handle((verdict, failure) -> {
                    if (failure != null) {
                        LOG.warn("relay policy: {}", HookCalls.failureOf(failure).getMessage());
                        return Replies.POLICY_FAILED;
                    }
                    return switch (verdict.outcome()) {
                        case ACCEPT -> null;
                        case REJECT -> "D" + verdict.text();
                        case DEFER -> "Z" + verdict.text();
                        case NO_OPINION -> Replies.NO_POLICY;
                    };
                }).thenCompose(refusal -> {
                    if (refusal == null) {
                        accepted.add(recipient.address());
                    } else {
                        refusals.set(recipient.index(), refusal);
                    }
                    return judge(next + 1);
                });
    }

    // qmail-qmtpd's order: each recipient's own refusal, then the sender's, then databytes, over the
    // queue's answer.
    @Override
    CompletionStage<byte[]> answer() {
        return judge(0).thenCompose(judged -> {
            String result = null;
            if (overflow) {
                result = Replies.DATABYTES;
            } else if (!senderOk) {
                result = Replies.UNACCEPTABLE_SENDER;
            } else if (!injecting()) {
                result = Replies.NO_QUEUE;
            }
            if (result != null || accepted.isEmpty()) {
                abandon(accepted.isEmpty() ? "no recipient accepted" : result);
                return CompletableFuture.completedFuture(replies(result));
            }
            return commit(new Envelope(sender, accepted)).thenApply(r -> replies(replyText(r)));
        });
    }

    private byte[] replies(String result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String refusal : refusals) {
            out.writeBytes(netstring(refusal != null ? refusal : result));
        }
        return out.toByteArray();
    }

    @Override
    boolean nextPackage() {
        reader.next();
        accepted.clear();
        refusals.clear();
        unjudged.clear();
        sender = null;
        senderOk = false;
        return true;
    }

    static int indexOfNul(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}

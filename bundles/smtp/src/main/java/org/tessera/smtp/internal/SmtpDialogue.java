package org.tessera.smtp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.common.hooks.TransactionSnapshot;
import org.tessera.listener.MessagePipe;
import org.tessera.listener.QmailReceivedHeader;

/**
 * qmail-smtpd's commands (smtp_helo, smtp_mail, smtp_rcpt, smtp_data and the rest) and the envelope
 * they build. The session hands each command here and supplies the replies, the waiting for hooks and
 * the transfer of the message; like the session, all of it runs on the connection's handler thread.
 */
final class SmtpDialogue {

    private static final String RELAYCLIENT = "RELAYCLIENT";

    private final SmtpServerSession session;
    private final SmtpListener listener;
    private final ClientInfo client;
    private final Map<String, String> environment;
    private final SmtpSettings settings;
    private final HookQuestions questions;

    private Optional<String> helo = Optional.empty();
    private boolean seenMail;
    private MailAddress sender;
    private boolean badMailFrom;
    private final List<MailAddress> recipients = new ArrayList<>();

    SmtpDialogue(SmtpServerSession session, SmtpListener listener, ClientInfo client, Map<String, String> environment,
            SmtpSettings settings) {
        this.session = session;
        this.listener = listener;
        this.client = client;
        this.environment = environment;
        this.settings = settings;
        this.questions = new HookQuestions(listener);
    }

    void reply(Reply reply) {
        session.reply(reply);
    }

    // Beyond qmail, the HELO policies may refuse a greeting; the session then keeps the name it had.
    void helo(boolean extended, String argument) {
        if (!questions.asksAboutHelo()) {
            greeted(extended, argument);
            return;
        }
        unlessRefused(questions.helo(transaction(), argument), () -> greeted(extended, argument));
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
        unlessRefused(questions.sender(transaction(), from), () -> takeSender(from, bad));
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
        // "u@" (an @ and the empty domain, in no rcpthosts) is the rcpthosts policy's to refuse, as qmail's addrallowed.
        MailAddress recipient = MailAddress.parse(text);
        session.whenAnswered(questions.relay(transaction(), recipient), verdict -> {
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

    /** A step that goes on unless the hooks' verdict refuses it, which is then the reply. */
    private void unlessRefused(CompletableFuture<Verdict> question, Runnable step) {
        session.whenAnswered(question, verdict -> {
            if (HookQuestions.isRefusal(verdict)) {
                reply(Reply.refusal(verdict));
            } else {
                step.run();
            }
        });
    }

    /** The transaction as it stands, for a hook asked on another thread. */
    private MailTransaction transaction() {
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
        MessagePipe pipe = session.messagePipe();
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
        DataTransaction transaction = new DataTransaction(pipe, queued, settings.databytes());
        session.beginData(transaction);
        reply(Reply.GO_AHEAD);
        String localHost = client.localHost().isEmpty() ? client.localIp() : client.localHost();
        transaction.begin(QmailReceivedHeader.lines("SMTP", client.remoteHost(), helo, client.remoteInfo(),
                client.remoteIp(), localHost, Instant.now()));
    }
}

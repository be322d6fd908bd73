package org.tessera.smtp.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.netty.handler.ssl.SslContext;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.Authentication;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.TlsParameters;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.common.auth.SaslExchange;
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
    private Optional<TlsParameters> tls = Optional.empty();
    private final SmtpLogin login;

    SmtpDialogue(SmtpServerSession session, SmtpListener listener, ClientInfo client, Map<String, String> environment,
            SmtpSettings settings) {
        this.session = session;
        this.listener = listener;
        this.client = client;
        this.environment = environment;
        this.settings = settings;
        this.questions = new HookQuestions(listener);
        this.login = new SmtpLogin(session, listener, client);
    }

    void reply(Reply reply) {
        session.reply(reply);
    }

    /** A command line the dialogue is given: counted by verb (null: one qmail-smtpd does not know). */
    void counted(SmtpCommand command) {
        listener.meters().command(command);
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
        if (!extended) {
            reply(Reply.of("250 " + settings.greeting()));
            return;
        }
        // qmail's three lines, then what this listener adds beyond qmail when configured.
        List<String> lines = new ArrayList<>(List.of("250-" + settings.greeting(), "250-PIPELINING", "250-8BITMIME"));
        if (encryption().isEmpty() && listener.startTlsEnabled() && listener.tls().inUse().isPresent()) {
            lines.add("250-STARTTLS");
        }
        if (encryption().isPresent() && listener.offersAuth() && login.user().isEmpty()) {
            // AUTH=: the draft syntax older Outlook clients look for, as qmail-smtpd-auth sends it too.
            lines.add("250-AUTH LOGIN PLAIN");
            lines.add("250-AUTH=LOGIN PLAIN");
        }
        int last = lines.size() - 1;
        lines.set(last, "250 " + lines.get(last).substring(4));
        reply(Reply.of(lines.toArray(String[]::new)));
    }

    /** STARTTLS (RFC 3207): after the go-ahead the session starts over, in TLS, with nothing read before kept. */
    void startTls(String argument) {
        if (!listener.startTlsEnabled()) {
            reply(Reply.UNIMPLEMENTED);
        } else if (encryption().isPresent()) {
            reply(Reply.TLS_ACTIVE);
        } else if (!argument.isEmpty()) {
            reply(Reply.STARTTLS_SYNTAX);
        } else {
            Optional<SslContext> context = listener.tls().context();
            if (context.isEmpty()) {
                reply(Reply.TLS_UNAVAILABLE);
                return;
            }
            session.startTls(context.get());
        }
    }

    // Implicit TLS: the handshake was done before the first command; STARTTLS: secured() sets it.
    private Optional<TlsParameters> encryption() {
        if (tls.isEmpty()) {
            tls = session.negotiatedTls();
        }
        return tls;
    }

    /** The handshake is done: the client greets again, and everything it said before is forgotten (RFC 3207 §4.2). */
    void secured(Optional<TlsParameters> negotiated) {
        tls = negotiated;
        helo = Optional.empty();
        seenMail = false;
        recipients.clear();
        login.forget();
    }

    /** Whether the client's lines are answers of an AUTH exchange rather than commands. */
    boolean inAuthExchange() {
        return login.inExchange();
    }

    /** A line of the AUTH exchange, its line end removed. */
    void authLine(String line) {
        login.line(line);
    }

    /** A line of the exchange longer than RFC 4954 allows ends it. */
    void authLineTooLong() {
        login.lineTooLong();
    }

    /** AUTH mechanism [initial-response] (RFC 4954), offered only in TLS. */
    void auth(String argument) {
        if (!listener.offersAuth()) {
            reply(Reply.UNIMPLEMENTED);
            return;
        }
        if (encryption().isEmpty()) {
            reply(Reply.ENCRYPTION_REQUIRED);
        } else if (login.user().isPresent()) {
            reply(Reply.ALREADY_AUTHENTICATED);
        } else if (seenMail) {
            reply(Reply.AUTH_IN_TRANSACTION);
        } else {
            if (argument.length() + "AUTH ".length() > SaslExchange.MAX_LINE) {
                reply(Reply.AUTH_LINE_TOO_LONG);
                return;
            }
            login.begin(SaslExchange.open(argument));
        }
    }

    void reset() {
        seenMail = false;
        reply(Reply.FLUSHED);
    }

    void quit() {
        reply(Reply.closing("221 " + settings.greeting()));
    }

    void mail(String argument) {
        if (listener.isSubmission() && login.user().isEmpty()) {
            reply(Reply.AUTH_REQUIRED);
            return;
        }
        Optional<String> parsed = AddressParser.parse(argument, settings.localIpHost(), listener::isThisHost);
        if (parsed.isEmpty()) {
            reply(Reply.SYNTAX);
            return;
        }
        boolean bad = listener.control().isBadMailFrom(parsed.get());
        MailAddress from = MailAddress.parse(parsed.get());
        if (login.user().isPresent() && !listener.senderLogin().allows(listener.control(), login.user().get().user(), from)) {
            reply(SenderLogin.NOT_OWNED);
            return;
        }
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
                case REJECT, DEFER -> reply(Reply.refusal(verdict).because("relay"));
                case NO_OPINION -> reply(Reply.NO_POLICY);
            }
        });
    }

    /** A step that goes on unless the hooks' verdict refuses it, which is then the reply. */
    private void unlessRefused(CompletableFuture<Verdict> question, Runnable step) {
        session.whenAnswered(question, verdict -> {
            if (HookQuestions.isRefusal(verdict)) {
                reply(Reply.refusal(verdict).because("policy"));
            } else {
                step.run();
            }
        });
    }

    /** The transaction as it stands, for a hook asked on another thread. */
    private MailTransaction transaction() {
        return new TransactionSnapshot(client, environment, helo, encryption(), login.user(),
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
            reply(Reply.refusal(FilteredInjection.NO_FILTER).because("no_filter"));
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
        // As qmail-tls names the cipher in the protocol, and qmail-smtpd-auth puts the user where TCPREMOTEINFO goes.
        String protocol = encryption().map(t -> "(" + t.cipherSuite() + " encrypted) SMTP").orElse("SMTP");
        String remoteInfo = login.user().map(Authentication::user).orElse(client.remoteInfo());
        transaction.begin(QmailReceivedHeader.lines(protocol, client.remoteHost(), helo, remoteInfo,
                client.remoteIp(), localHost, Instant.now()));
    }
}

package org.tessera.smtp.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

import org.tessera.api.auth.AuthResult;
import org.tessera.api.policy.Authentication;
import org.tessera.api.policy.ClientInfo;
import org.tessera.common.auth.SaslExchange;
import org.tessera.listener.LoginThrottle;

/**
 * SMTP AUTH's exchange and its outcome for one session: the lines of the exchange ({@link SaslExchange}),
 * the password checkers asked off the session's thread, the throttle of guessing, the mail-log line of
 * each attempt, and the user once one is authenticated. The dialogue decides when AUTH may start.
 */
final class SmtpLogin {

    private final SmtpServerSession session;
    private final SmtpListener listener;
    private final ClientInfo client;
    private SaslExchange sasl;
    private Optional<Authentication> user = Optional.empty();

    SmtpLogin(SmtpServerSession session, SmtpListener listener, ClientInfo client) {
        this.session = session;
        this.listener = listener;
        this.client = client;
    }

    /** Who the client authenticated as; empty before. */
    Optional<Authentication> user() {
        return user;
    }

    /** STARTTLS: an authentication from before the handshake does not count inside it. */
    void forget() {
        user = Optional.empty();
        sasl = null;
    }

    /** Whether the client's lines belong to an exchange under way. */
    boolean inExchange() {
        return sasl != null;
    }

    /** Starts an exchange from the AUTH command's argument ({@code mechanism [initial-response]}). */
    void begin(SaslExchange.Opening opening) {
        sasl = opening.exchange();
        next(opening.first());
    }

    private void reply(Reply reply) {
        session.reply(reply);
    }

    /** A line of the exchange, its line end removed. */
    void line(String line) {
        next(sasl.respond(line));
    }

    /** A line of the exchange longer than RFC 4954 allows ends it. */
    void lineTooLong() {
        sasl = null;
        reply(Reply.AUTH_LINE_TOO_LONG);
    }

    private void next(SaslExchange.Step step) {
        if (step instanceof SaslExchange.Challenge challenge) {
            reply(Reply.of("334 " + challenge.base64()));
            return;
        }
        sasl = null;
        if (step instanceof SaslExchange.Refused refused) {
            reply(Reply.refusal(refused.why()));
        } else if (step instanceof SaslExchange.Credentials credentials) {
            check(credentials);
        }
    }

    private void check(SaslExchange.Credentials credentials) {
        String login = credentials.login();
        String address = client.remoteIp();
        LoginThrottle throttle = listener.throttle();
        if (login.isEmpty() || credentials.password().length == 0) {
            Arrays.fill(credentials.password(), (byte) 0);
            failed(credentials, throttle, "empty user name or password");
            return;
        }
        if (throttle.isLockedOut(address, login)) {
            Arrays.fill(credentials.password(), (byte) 0);
            logLogin(false, login, credentials.mechanism(), "too many failures: refused for now");
            reply(Reply.AUTH_LOCKED);
            return;
        }
        session.whenDone(listener.checkPassword(login, credentials.password()), (answer, failure) -> {
            if (failure != null || answer.crashed() || answer.result().outcome() == AuthResult.Outcome.TEMPORARY_FAILURE) {
                logLogin(false, login, credentials.mechanism(), failure != null ? failure.getMessage() : answer.why());
                reply(Reply.AUTH_TEMPORARY);
            } else if (answer.result().outcome() == AuthResult.Outcome.ACCEPTED) {
                throttle.succeeded(login);
                user = Optional.of(new Authentication(login, credentials.mechanism()));
                logLogin(true, login, credentials.mechanism(), null);
                reply(Reply.AUTH_SUCCEEDED);
            } else {
                failed(credentials, throttle, answer.why());
            }
        });
    }

    // The answer to a failure waits as the throttle says, reading nothing meanwhile.
    private void failed(SaslExchange.Credentials credentials, LoginThrottle throttle, String why) {
        Duration delay = throttle.failed(client.remoteIp(), credentials.login());
        logLogin(false, credentials.login(), credentials.mechanism(), why);
        session.whenDone(session.after(delay), (ignored, failure) -> reply(Reply.AUTH_FAILED));
    }

    private void logLogin(boolean accepted, String login, String mechanism, String why) {
        listener.mailLog().write(listener.throttle().attempted(listener.name(), accepted, login, client.remoteIp(), mechanism,
                why));
    }
}

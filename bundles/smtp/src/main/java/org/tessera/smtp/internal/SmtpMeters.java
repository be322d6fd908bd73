package org.tessera.smtp.internal;

import java.util.Locale;
import java.util.function.Supplier;

import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;
import org.tessera.listener.KeptCounters;
import org.tessera.listener.ListenerMessages;

/**
 * What an SMTP listener counts, by listener: its sessions, the commands of each verb (qmail-smtpd's verbs
 * and {@code unknown}: bounded), and every refusal (a 4xx or 5xx reply) by code and reason.
 */
final class SmtpMeters {

    static final MeterId SESSIONS = MeterId.of("tessera_smtp_sessions_total",
            "SMTP sessions greeted, by listener.");
    static final MeterId COMMANDS = MeterId.of("tessera_smtp_commands_total",
            "SMTP commands by listener and verb (unknown for any other).");
    static final MeterId REFUSALS = MeterId.of("tessera_smtp_refusals_total",
            "SMTP replies 4xx and 5xx by listener, code and reason: relay (a relay policy), policy (a HELO or"
                    + " sender policy), badmailfrom, databytes, bare_lf, filter, hops, queue, syntax, sequence,"
                    + " auth_required, auth_failed, auth_locked, sender_login, timeout, busy, address_limit, ...");

    private final KeptCounters sessions;
    private final KeptCounters commands;
    private final KeptCounters refusals;
    private final KeptCounters messages;

    /** The meters of one listener, on the metrics service of the moment. */
    SmtpMeters(String listener, Supplier<Metrics> metrics) {
        sessions = new KeptCounters(SESSIONS.label("listener", listener), metrics);
        commands = new KeptCounters(COMMANDS.label("listener", listener), metrics, "verb");
        refusals = new KeptCounters(REFUSALS.label("listener", listener), metrics, "code", "reason");
        messages = ListenerMessages.counters(listener, metrics);
    }

    void session() {
        sessions.get().increment();
    }

    void command(SmtpCommand command) {
        commands.get(command == null ? "unknown" : command.name().toLowerCase(Locale.ROOT)).increment();
    }

    /** Counts the reply if it refuses (4xx, 5xx); others are not counted. */
    void reply(Reply reply) {
        String code = reply.getRetCode();
        if (code.charAt(0) == '4' || code.charAt(0) == '5') {
            refusals.get(code, reply.reason().isEmpty() ? "other" : reply.reason()).increment();
        }
    }

    /** The answer at the end of a message's DATA, by its reply code. */
    void message(Reply answer) {
        ListenerMessages.answered(messages, answer.getRetCode().charAt(0));
    }
}

package org.tessera.smtp.internal;

import org.tessera.api.metrics.MeterId;
import org.tessera.api.metrics.Metrics;

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

    private SmtpMeters() {
    }

    static void session(Metrics metrics, String listener) {
        metrics.counter(SESSIONS.label("listener", listener)).increment();
    }

    static void command(Metrics metrics, String listener, SmtpCommand command) {
        metrics.counter(COMMANDS.label("listener", listener).label("verb",
                command == null ? "unknown" : command.name().toLowerCase(java.util.Locale.ROOT))).increment();
    }

    /** Counts the reply if it refuses (4xx, 5xx); others are not counted. */
    static void reply(Metrics metrics, String listener, Reply reply) {
        String code = reply.getRetCode();
        if (code.charAt(0) == '4' || code.charAt(0) == '5') {
            metrics.counter(REFUSALS.label("listener", listener).label("code", code)
                    .label("reason", reply.reason().isEmpty() ? "other" : reply.reason())).increment();
        }
    }
}

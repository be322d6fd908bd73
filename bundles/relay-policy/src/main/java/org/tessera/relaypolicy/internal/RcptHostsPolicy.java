package org.tessera.relaypolicy.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;

/**
 * qmail-smtpd's and qmail-qmtpd's RCPT rule: {@code RELAYCLIENT}, else {@code rcpthosts} and
 * {@code morercpthosts.cdb}; without {@code rcpthosts}, only {@code locals} and {@code virtualdomains}.
 */
// Ranked RELAY_RANKING and always answering, so it ends the chain and any plugin ranked higher speaks first.
@Component(service = RelayPolicy.class, configurationPid = RcptHostsPolicy.PID)
@Ranking(RelayPolicy.RELAY_RANKING)
@Designate(ocd = RcptHostsPolicyConfiguration.class)
public final class RcptHostsPolicy implements RelayPolicy {

    static final String PID = "org.tessera.relaypolicy";

    /** qmail's refusal, the same in SMTP ({@code 553 ...}) and QMTP ({@code D...}). */
    static final Verdict NOT_IN_RCPTHOSTS =
            new Verdict(Verdict.Outcome.REJECT, 553, "sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)");

    static final String RELAYCLIENT = "RELAYCLIENT";

    private static final Logger LOG = LoggerFactory.getLogger(RcptHostsPolicy.class);

    // Static: without control files there is no answer, so the service leaves and the listener defers (451).
    @Reference
    ControlFiles control;

    // Tests replace it to count the warnings.
    Consumer<String> warning = LOG::warn;

    // Generations start at 1, so the first check without rcpthosts always warns.
    private final AtomicLong warnedGeneration = new AtomicLong();

    @Override
    public Verdict check(MailTransaction transaction, MailAddress recipient) {
        // RELAYCLIENT from tcprules, or a client that authenticated (qmail-smtpd-auth sets RELAYCLIENT then).
        if (transaction.environment().containsKey(RELAYCLIENT) || transaction.authentication().isPresent()) {
            return Verdict.ACCEPT;
        }
        // MailAddress splits at the last @, as qmail's addrallowed() does; no @ at all is always
        // allowed, while "u@" has the empty domain, which no rcpthosts lists.
        if (!recipient.hasAt() || control.isRcptHost(recipient.domain())) {
            return Verdict.ACCEPT;
        }
        if (control.hasRcptHosts()) {
            return NOT_IN_RCPTHOSTS;
        }
        warnOncePerGeneration();
        return isDeliveredHere(recipient) ? Verdict.ACCEPT : NOT_IN_RCPTHOSTS;
    }

    // Tessera's departure from qmail, which accepts every recipient without rcpthosts: only what
    // qmail-send would deliver locally is taken, so a lost file never makes an open relay.
    private boolean isDeliveredHere(MailAddress recipient) {
        if (control.isLocal(recipient.domain())) {
            return true;
        }
        return control.virtualDomain(recipient.text())
                .filter(entry -> !entry.isException())
                .isPresent();
    }

    private void warnOncePerGeneration() {
        long generation = control.generation();
        if (warnedGeneration.getAndSet(generation) != generation) {
            warning.accept(control.directory().resolve("rcpthosts") + " is missing: accepting only recipients"
                    + " whose domain is in locals or virtualdomains (qmail would accept every recipient)");
        }
    }
}

package org.tessera.itests.faults;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;

/** Misbehaves for a recipient {@code relay-FAULT@...}; has no opinion about any other. Asked before rcpthosts. */
@Component(service = RelayPolicy.class)
@Ranking(RelayPolicy.RELAY_RANKING + 100)
public final class FaultyRelayPolicy implements RelayPolicy {

    private static final String PREFIX = "relay-";

    private final Misbehaviour misbehaviour = new Misbehaviour("FaultyRelayPolicy");

    @Override
    public Verdict check(MailTransaction transaction, MailAddress recipient) {
        String local = recipient.local();
        if (!local.startsWith(PREFIX)) {
            return Verdict.NO_OPINION;
        }
        if (local.equals(PREFIX + "null")) {
            return null;
        }
        // A policy that did not see its own stop lets anything through: Tessera must not take that answer.
        return misbehaviour.act(local.substring(PREFIX.length())) ? Verdict.ACCEPT : Verdict.NO_OPINION;
    }

    @Deactivate
    void deactivate() {
        misbehaviour.deactivated();
    }
}

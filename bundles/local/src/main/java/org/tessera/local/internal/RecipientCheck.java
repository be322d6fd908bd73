package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.RelayPolicy;
import org.tessera.api.policy.Verdict;
import org.tessera.api.queue.Channel;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;
import org.tessera.common.mail.ClassifiedRecipient;
import org.tessera.common.mail.RecipientClassifier;
import org.tessera.common.services.RankedServices;

/**
 * Beyond qmail, off unless configured: refuses at RCPT a local recipient that local delivery
 * would bounce as {@code Sorry, no mailbox here by that name. (#5.1.1)} — no user directory knows
 * it, or its user has no {@code .qmail} file for the extension and no {@code -default} one — so
 * the server never accepts mail it can only bounce (backscatter). Only on the listeners named in
 * {@code listeners}; elsewhere, and for every address that is not local, it has no opinion, so
 * the rcpthosts policy below it decides as qmail-smtpd does.
 *
 * <p>Asked before the rcpthosts policy ({@link #RANKING}); it never accepts, only refuses. A
 * directory that cannot answer now defers ({@code 451}); a home or {@code .qmail} file that cannot
 * be read leaves the decision to the delivery, which defers with qmail-local's text.
 */
@Component(service = RelayPolicy.class, configurationPid = RecipientCheck.PID)
@Ranking(RecipientCheck.RANKING)
@Designate(ocd = RecipientCheckConfiguration.class)
public final class RecipientCheck implements RelayPolicy {

    static final String PID = "org.tessera.local.recipientcheck";
    static final int RANKING = 100;
    static final Verdict NO_MAILBOX = new Verdict(Verdict.Outcome.REJECT, 550,
            "sorry, no mailbox here by that name (#5.1.1)");
    static final Verdict LOOKUP_FAILED = new Verdict(Verdict.Outcome.DEFER, 451,
            "temporary failure looking up the recipient (#4.3.0)");

    private static final Logger LOG = LoggerFactory.getLogger(RecipientCheck.class);

    @Reference
    ControlFiles control;

    private final RankedServices<UserDirectory> directories = new RankedServices<>();
    private volatile Set<String> listeners = Set.of();

    @Activate
    @Modified
    void configure(RecipientCheckConfiguration config) {
        listeners = Set.of(config.listeners());
    }

    @Override
    public Verdict check(MailTransaction transaction, MailAddress recipient) {
        if (!listeners.contains(transaction.client().listener())) {
            return Verdict.NO_OPINION;
        }
        // The address the LOCAL channel would get, rewritten as qmail-send will (percent hack included).
        ClassifiedRecipient classified = new RecipientClassifier(control).classify(recipient);
        if (classified.channel() != Channel.LOCAL || classified.address().local().isEmpty()) {
            return Verdict.NO_OPINION;
        }
        Optional<MailUser> user;
        try {
            user = QmailLspawn.find(directories.services(), classified.address());
        } catch (IOException e) {
            LOG.warn("user lookup for {} at RCPT failed", recipient.text(), e);
            return LOOKUP_FAILED;
        }
        if (user.isEmpty()) {
            return NO_MAILBOX;
        }
        MailUser u = user.get();
        if (u.dash().isEmpty() || !u.home().startsWith("/")) {
            // The user's own address always has the default delivery; a bad home is the delivery's to report.
            return Verdict.NO_OPINION;
        }
        try {
            return DotQmailSearch.find(Path.of(u.home()), u.dash(), u.ext()).isPresent() ? Verdict.NO_OPINION
                    : NO_MAILBOX;
        } catch (LocalFailure | RuntimeException e) {
            return Verdict.NO_OPINION;
        }
    }

    @Reference(name = "directory", service = UserDirectory.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindDirectory", updated = "bindDirectory")
    void bindDirectory(UserDirectory directory, Map<String, Object> properties) {
        directories.bind(directory, properties);
    }

    void unbindDirectory(UserDirectory directory) {
        directories.unbind(directory);
    }
}

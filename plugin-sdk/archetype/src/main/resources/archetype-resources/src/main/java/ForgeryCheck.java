package ${package};

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.policy.HeloPolicy;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.policy.SenderPolicy;
import org.tessera.api.policy.Verdict;

/**
 * Two SMTP hooks against forged identities. At {@code HELO}/{@code EHLO}: a client that calls itself by one
 * of this server's own names is refused ({@code 550}): only this server is that host. At {@code MAIL}: a
 * sender in one of the protected domains is refused ({@code 553}) unless the client authenticated, so
 * outsiders cannot send as your users; everything else has no opinion and the next hook decides.
 *
 * <p>Both are called on the listener's hook threads, many sessions at once; the names are fixed per
 * configuration.
 */
@Component(service = {HeloPolicy.class, SenderPolicy.class}, configurationPid = ForgeryCheck.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ForgeryCheckConfiguration.class)
public final class ForgeryCheck implements HeloPolicy, SenderPolicy {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.forgery";

    private Set<String> ownNames;
    private Set<String> protectedDomains;

    @Activate
    void activate(ForgeryCheckConfiguration config) {
        ownNames = lowerCase(config.ownNames());
        protectedDomains = lowerCase(config.protectedDomains());
    }

    @Override
    public Verdict check(MailTransaction transaction, String helo) {
        if (ownNames.contains(helo.trim().toLowerCase(Locale.ROOT))) {
            return new Verdict(Verdict.Outcome.REJECT, 550, "sorry, you are not me (#5.7.1)");
        }
        return Verdict.NO_OPINION;
    }

    @Override
    public Verdict check(MailTransaction transaction, MailAddress sender) {
        boolean protectedSender = !sender.text().isEmpty() && protectedDomains.contains(sender.domain().toLowerCase(Locale.ROOT));
        if (protectedSender && transaction.authentication().isEmpty()) {
            return new Verdict(Verdict.Outcome.REJECT, 553, "sorry, log in to send as " + sender.domain() + " (#5.7.1)");
        }
        return Verdict.NO_OPINION;
    }

    private static Set<String> lowerCase(String[] names) {
        return Stream.of(names).map(name -> name.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}

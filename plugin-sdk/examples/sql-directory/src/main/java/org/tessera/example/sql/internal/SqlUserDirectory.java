package org.tessera.example.sql.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.control.VirtualDomain;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;
import org.tessera.common.users.Ascii;

/**
 * Local recipients from the database, vpopmail's way: an alias entry (valias) first, delivered by the
 * forwarding account's {@code .qmail} file for it; then the mailbox of the address, or of the longest part
 * before a {@code -} with the rest as the extension (qmail-getpw's rule), delivered as the mailbox's
 * uid and gid in its {@code pw_dir}. A database that cannot answer defers the delivery; while the
 * database is away (its driver stopped, the configuration changing) every lookup defers, so mail for
 * the database's users never falls through to the alias user. Addresses outside the configured domains
 * are not its to answer.
 */
@Component(service = UserDirectory.class, configurationPid = SqlDatabase.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(SqlDatabase.DEFAULT_RANKING)
public final class SqlUserDirectory implements UserDirectory {

    /** The forwarding account's home when none is configured, in the Tessera home. */
    static final String DEFAULT_FORWARDING_HOME = "valias";

    @Reference
    ControlFiles control;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SqlDatabase database;

    private volatile ForwardingAccount forwarding;
    private volatile Set<String> domains = Set.of();

    @Activate
    @Modified
    void configure(SqlDirectoryConfiguration config) throws IOException {
        Path home = config.forwardingHome().isEmpty()
                ? control.home().resolve(DEFAULT_FORWARDING_HOME)
                : Path.of(config.forwardingHome());
        if (!Files.isDirectory(home)) {
            createLikeAlias(home);
        }
        forwarding = new ForwardingAccount(config.forwardingUser(), home, config.programLines());
        domains = SqlDatabase.domains(config);
    }

    // Given to the alias user's owner, so that its deliveries never run as root.
    private void createLikeAlias(Path home) throws IOException {
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path alias = control.home().resolve("alias");
        if (Files.isDirectory(alias)) {
            Files.setAttribute(home, "unix:gid", Files.getAttribute(alias, "unix:gid"));
            Files.setAttribute(home, "unix:uid", Files.getAttribute(alias, "unix:uid"));
        }
    }

    @Override
    public Optional<MailUser> find(MailAddress recipient) throws IOException {
        String domain = Ascii.lower(recipient.domain());
        Set<String> served = domains;
        if (!served.isEmpty() && !served.contains(domain)) {
            return Optional.empty();
        }
        SqlDatabase db = database;
        if (db == null) {
            throw new IOException("SQL user database not available (#4.3.0)");
        }
        String local = withoutVirtualPrepend(recipient.local(), recipient.domain());
        String lower = Ascii.lower(local);
        List<String> lines = db.aliasLines(SqlDatabase.parameters(lower, domain, ""));
        if (!lines.isEmpty()) {
            return Optional.of(forwarding.entry(lower + "@" + domain, lines));
        }
        for (int end = local.length(); end > 0; end = local.lastIndexOf('-', end - 1)) {
            String user = lower.substring(0, end);
            String ext = end == local.length() ? "" : local.substring(end + 1);
            Optional<SqlAccount> account = db.account(SqlDatabase.parameters(user, domain, ext));
            if (account.isPresent()) {
                SqlAccount a = account.get();
                return Optional.of(new MailUser(user + "@" + domain, a.uid(), a.gid(), a.home(),
                        end == local.length() ? "" : "-", ext));
            }
        }
        return Optional.empty();
    }

    /**
     * The local part as the sender wrote it: a virtual domain's recipient reaches local delivery as
     * {@code prepend-local} (qmail-send's rewriting, vpopmail's {@code example.com:example.com}).
     */
    private String withoutVirtualPrepend(String local, String domain) {
        if (control.isLocal(domain)) {
            return local;
        }
        for (int dash = local.indexOf('-'); dash > 0; dash = local.indexOf('-', dash + 1)) {
            String original = local.substring(dash + 1);
            Optional<VirtualDomain> virtual = control.virtualDomain(original + "@" + domain);
            if (virtual.isPresent() && virtual.get().prepend().equals(local.substring(0, dash))) {
                return original;
            }
        }
        return local;
    }
}

package org.tessera.example.ldap.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.plugin.Ranking;
import org.tessera.api.users.MailUser;
import org.tessera.api.users.UserDirectory;

/**
 * qmail-ldap's recipient lookup as a {@link UserDirectory}: the entry whose {@code mail} or
 * {@code mailAlternateAddress} (an alias) is the recipient, else, cutting the local part at each {@code -} from
 * the right, the entry of {@code user@domain} with the rest as the extension ({@code user-ext@domain}).
 *
 * <p>An entry with a home and no forwarding addresses is that account: its uid, gid and home, mail in
 * {@code home/Maildir/} unless its own {@code .qmail} files say otherwise. An entry with forwarding addresses
 * is answered with the forwarding account and an extension naming the entry, and that account's
 * {@code .qmail-<extension>} is kept in step with the entry ({@link ForwardingFiles}), so forwarding needs no
 * program and no new delivery kind. A disabled or deleted entry is not found. A server that is down, slow or
 * holding two entries for one address throws, so the delivery defers and never reaches the alias user.
 */
@Component(service = UserDirectory.class, configurationPid = LdapServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(LdapUserDirectory.RANKING)
@Designate(ocd = LdapConfiguration.class)
public final class LdapUserDirectory implements UserDirectory {

    /** Above users/cdb ({@value UserDirectory#ASSIGN_RANKING}): the directory decides for the addresses it holds. */
    static final int RANKING = 400;

    private static final String FORWARDING_HOME = "ldap-forwarding";

    private final LdapConfiguration config;
    private final LdapServer server;
    private final AccountDefaults defaults;
    private final ForwardingFiles forwarding;
    private final String forwardingUser;
    private final long forwardingUid;
    private final long forwardingGid;

    @Activate
    public LdapUserDirectory(@Reference ControlFiles control, LdapConfiguration config)
            throws LDAPException, IOException, GeneralSecurityException {
        this.config = config;
        Path home = control.home();
        this.defaults = AccountDefaults.of(config, home);
        this.forwardingUser = config.forwardingUser();
        this.forwardingUid = AccountDefaults.orAliasOwner(config.forwardingUid(), home, "unix:uid");
        this.forwardingGid = AccountDefaults.orAliasOwner(config.forwardingGid(), home, "unix:gid");
        this.forwarding = new ForwardingFiles(config.forwardingHome().isEmpty() ? home.resolve(FORWARDING_HOME)
                : Path.of(config.forwardingHome()), forwardingUid, forwardingGid);
        this.server = new LdapServer(config);
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    @Override
    public Optional<MailUser> find(MailAddress recipient) throws IOException {
        String local = recipient.local();
        String[] attributes = QmailLdapEntry.attributes(config);
        for (int cut = local.length(); cut > 0; cut = local.lastIndexOf('-', cut - 1)) {
            String address = recipient.domain().isEmpty() ? local.substring(0, cut) : local.substring(0, cut) + "@" + recipient.domain();
            Optional<SearchResultEntry> found = server.findOne(LdapServer.filter(config.recipientFilter(), "address", address), attributes);
            if (found.isPresent()) {
                boolean whole = cut == local.length();
                return user(QmailLdapEntry.of(found.get(), config), whole ? "" : "-", whole ? "" : local.substring(cut + 1));
            }
        }
        return Optional.empty();
    }

    private Optional<MailUser> user(QmailLdapEntry entry, String dash, String ext) throws IOException {
        if (!entry.receivesMail()) {
            return Optional.empty();
        }
        String home = defaults.home(entry);
        List<String> forwards = entry.forwardingAddresses();
        if (forwards.isEmpty()) {
            if (home.isEmpty()) {
                throw new IOException("LDAP entry " + entry.dn() + " has neither a home nor a forwarding address");
            }
            return Optional.of(new MailUser(defaults.user(entry), defaults.uid(entry), defaults.gid(entry), home, dash, ext));
        }
        String extension = ForwardingFiles.extension(entry.mail().isEmpty() ? entry.dn() : entry.mail());
        forwarding.keep(extension, ForwardingFiles.content(forwards, entry.keepsMailbox() ? Optional.of(home) : Optional.empty()));
        return Optional.of(new MailUser(forwardingUser, forwardingUid, forwardingGid, forwarding.home().toString(), "-", extension));
    }
}

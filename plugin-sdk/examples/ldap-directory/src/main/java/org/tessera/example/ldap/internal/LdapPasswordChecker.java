package org.tessera.example.ldap.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchResultEntry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.control.ControlFiles;
import org.tessera.api.plugin.Ranking;
import org.tessera.common.passwd.StoredPassword;

/**
 * qmail-ldap's checkpassword as a {@link PasswordChecker}: the entry whose login attribute ({@code uid}) is the
 * login, then a bind as that entry with the password (or, configured so, the entry's {@code userPassword}
 * checked here). Accepted logins carry the entry's uid, gid and home, so POP3 serves {@code home/Maildir}.
 * Unknown logins, wrong passwords and accounts that are not active (qmail-ldap's noaccess, disabled,
 * deleted) are rejected; a server that cannot answer is a temporary failure. Its configuration is the
 * directory's ({@link LdapUserDirectory} designates it).
 */
@Component(service = PasswordChecker.class, configurationPid = LdapServer.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(LdapPasswordChecker.RANKING)
public final class LdapPasswordChecker implements PasswordChecker {

    /** Before the checkpassword program (200) and the password file (100): the directory is asked first. */
    static final int RANKING = 300;

    private static final Logger LOG = LoggerFactory.getLogger(LdapPasswordChecker.class);

    private final LdapConfiguration config;
    private final LdapServer server;
    private final AccountDefaults defaults;
    private final String[] attributes;

    @Activate
    public LdapPasswordChecker(@Reference ControlFiles control, LdapConfiguration config)
            throws LDAPException, IOException, GeneralSecurityException {
        this.config = config;
        this.defaults = AccountDefaults.of(config, control.home());
        String[] entryAttributes = QmailLdapEntry.attributes(config);
        this.attributes = config.passwordCheck() == LdapConfiguration.PasswordCheck.COMPARE
                ? append(entryAttributes, config.passwordAttribute()) : entryAttributes;
        this.server = new LdapServer(config);
    }

    private static String[] append(String[] attributes, String more) {
        String[] all = Arrays.copyOf(attributes, attributes.length + 1);
        all[attributes.length] = more;
        return all;
    }

    @Deactivate
    void deactivate() {
        server.close();
    }

    @Override
    public AuthResult check(String login, byte[] password, String timestamp) {
        // An empty password would make the bind an unauthenticated one, which LDAP servers let through.
        if (login.isEmpty() || password.length == 0) {
            return AuthResult.REJECTED;
        }
        try {
            Optional<SearchResultEntry> found = server.findOne(LdapServer.filter(config.loginFilter(), "login", login), attributes);
            if (found.isEmpty()) {
                return AuthResult.REJECTED;
            }
            QmailLdapEntry entry = QmailLdapEntry.of(found.get(), config);
            String home = defaults.home(entry);
            if (!entry.mayLogIn() || home.isEmpty() || !passwordMatches(entry, password, timestamp)) {
                return AuthResult.REJECTED;
            }
            return new AuthResult(AuthResult.Outcome.ACCEPTED, defaults.user(entry), defaults.uid(entry), defaults.gid(entry), home);
        } catch (IOException e) {
            LOG.warn("cannot check the password of {}: {}", login,
                    e.getCause() == null ? e.getMessage() : e.getMessage() + ": " + e.getCause().getMessage());
            return AuthResult.TEMPORARY_FAILURE;
        }
    }

    private boolean passwordMatches(QmailLdapEntry entry, byte[] password, String timestamp) throws IOException {
        if (config.passwordCheck() == LdapConfiguration.PasswordCheck.BIND) {
            return server.passwordMatches(entry.dn(), password);
        }
        return entry.storedPassword().map(StoredPassword::parse).map(p -> p.matches(password, timestamp)).orElse(false);
    }
}

package org.tessera.example.sql.internal;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;

import org.apache.commons.codec.digest.Sha2Crypt;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.plugin.Ranking;
import org.tessera.common.passwd.StoredPassword;
import org.tessera.common.users.Ascii;

/**
 * Logins of the database's mailboxes, vpopmail's way: the login is the address ({@code user@domain}, or a
 * bare name in the default domain), checked against {@code pw_passwd}; accepted, the account's ids and
 * {@code pw_dir}, so POP3 serves {@code pw_dir/Maildir}. An unknown login is rejected (and so passed on to
 * the next checker); a database that cannot answer is a temporary failure.
 */
@Component(service = PasswordChecker.class, configurationPid = SqlDatabase.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(SqlDatabase.DEFAULT_RANKING)
public final class SqlPasswordChecker implements PasswordChecker {

    private static final Logger LOG = LoggerFactory.getLogger(SqlPasswordChecker.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile SqlDatabase database;

    // A hash no password matches, checked for an unknown login so that it costs what a wrong password
    // costs: the time of the answer must not tell which addresses exist. SHA512-CRYPT, vpopmail's usual one.
    private final StoredPassword dummy;
    private volatile String defaultDomain = "";
    private volatile Set<String> domains = Set.of();

    public SqlPasswordChecker() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        dummy = StoredPassword.parse(Sha2Crypt.sha512Crypt(random));
    }

    @Activate
    @Modified
    void configure(SqlDirectoryConfiguration config) {
        defaultDomain = Ascii.lower(config.defaultDomain());
        domains = SqlDatabase.domains(config);
    }

    @Override
    public AuthResult check(String login, byte[] password, String timestamp) {
        if (login == null || password == null) {
            return AuthResult.REJECTED;
        }
        int at = login.lastIndexOf('@');
        String local = Ascii.lower(at < 0 ? login : login.substring(0, at));
        String domain = at < 0 ? defaultDomain : Ascii.lower(login.substring(at + 1));
        Set<String> served = domains;
        if (local.isEmpty() || domain.isEmpty() || (!served.isEmpty() && !served.contains(domain))) {
            return AuthResult.REJECTED;
        }
        SqlDatabase db = database;
        if (db == null) {
            return AuthResult.TEMPORARY_FAILURE;
        }
        Optional<SqlAccount> account;
        try {
            account = db.account(SqlDatabase.parameters(local, domain, ""));
        } catch (IOException e) {
            LOG.warn("login of {} not checked: {}", login, e.getMessage());
            return AuthResult.TEMPORARY_FAILURE;
        }
        StoredPassword stored = account.map(a -> StoredPassword.parse(a.password()))
                .filter(p -> p.scheme() != null)
                .orElse(dummy);
        if (!stored.matches(password, timestamp == null ? "" : timestamp) || stored == dummy) {
            return AuthResult.REJECTED;
        }
        SqlAccount a = account.get();
        return new AuthResult(AuthResult.Outcome.ACCEPTED, local + "@" + domain, a.uid(), a.gid(), a.home());
    }
}

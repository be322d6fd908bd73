package org.tessera.checkpassword.file.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.plugin.Ranking;
import org.tessera.common.home.TesseraHome;
import org.tessera.common.passwd.Argon2id;
import org.tessera.common.passwd.PasswordFilePath;
import org.tessera.common.passwd.StoredPassword;

/** A {@link PasswordChecker} over a password file in Dovecot's passwd-file format, re-read when it changes. */
// Also registered under its own class, which only this bundle can see: qmail:passwd edits the file it reads.
@Component(service = {PasswordChecker.class, PasswordFileChecker.class}, configurationPid = PasswordFileChecker.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Ranking(PasswordFileChecker.DEFAULT_RANKING)
@Designate(ocd = PasswordFileCheckerConfiguration.class)
public final class PasswordFileChecker implements PasswordChecker {

    static final String PID = "org.tessera.checkpassword.file";
    static final int DEFAULT_RANKING = 100;

    private static final Logger LOG = LoggerFactory.getLogger(PasswordFileChecker.class);

    // Tests replace it to count the warnings.
    Consumer<String> warning = LOG::warn;

    // Argon2id takes its memory for as long as it runs: one hash per core at most, the rest wait in turn.
    private final Semaphore hashing = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
    private volatile PasswordFile file;
    // A hash of the default scheme that no password matches, checked for an unknown user so that it costs
    // as much as a wrong password: the time of an answer must not tell which users exist.
    private volatile StoredPassword dummy;

    @Activate
    void activate(PasswordFileCheckerConfiguration config) {
        SecureRandom random = new SecureRandom();
        byte[] password = new byte[Argon2id.HASH_BYTES];
        random.nextBytes(password);
        dummy = StoredPassword.of(Argon2id.create(password, random));
        modified(config);
    }

    @Modified
    void modified(PasswordFileCheckerConfiguration config) {
        PasswordFile next = new PasswordFile(PasswordFilePath.resolve(config.file(), System.getProperty("karaf.etc"),
                TesseraHome.ofServer("")), warning);
        next.table(); // warns now about a missing or broken file rather than at the first login
        file = next;
    }

    /** The password file this checker reads. */
    Path file() {
        return file.path();
    }

    @Override
    public AuthResult check(String login, byte[] password, String timestamp) {
        if (login == null || password == null) {
            return AuthResult.REJECTED; // misuse, which checkpassword rejects too
        }
        PasswordTable table = file.table();
        if (table == null) {
            return AuthResult.TEMPORARY_FAILURE;
        }
        PasswordEntry entry = table.users().get(login);
        StoredPassword stored = entry == null || entry.password().scheme() == null ? dummy : entry.password();
        try {
            hashing.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return AuthResult.TEMPORARY_FAILURE;
        }
        boolean matches;
        try {
            matches = stored.matches(password, timestamp == null ? "" : timestamp);
        } finally {
            hashing.release();
        }
        if (!matches || stored == dummy) {
            return AuthResult.REJECTED;
        }
        return new AuthResult(AuthResult.Outcome.ACCEPTED, entry.user(), entry.uid(), entry.gid(), entry.home());
    }
}

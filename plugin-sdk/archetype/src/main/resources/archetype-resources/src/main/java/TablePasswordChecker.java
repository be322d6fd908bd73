package ${package};

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.PasswordChecker;
import org.tessera.api.plugin.Ranking;

/**
 * A password checker over accounts listed in its configuration, each
 * {@code login:pbkdf2-sha256:ITERATIONS:SALT:HASH:uid:gid:home} (salt and hash in base64; {@link #hash} makes
 * them): POP3 logins and SMTP AUTH of those accounts are checked here, with checkpassword's answers. A login it
 * does not know is {@code REJECTED}, which passes it on to the next checker; a checker that asks a server
 * answers {@code TEMPORARY_FAILURE} when the server cannot answer.
 *
 * <p>PBKDF2 of the JDK keeps the plugin on the API alone; Tessera's own password file also takes
 * SHA512-CRYPT, bcrypt and Argon2id.
 */
@Component(service = PasswordChecker.class, configurationPid = TablePasswordChecker.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Ranking(100)
@Designate(ocd = TablePasswordCheckerConfiguration.class)
public final class TablePasswordChecker implements PasswordChecker {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.passwords";

    private static final String SCHEME = "pbkdf2-sha256";
    private static final int HASH_BITS = 256;

    private record Account(int iterations, byte[] salt, byte[] hash, AuthResult accepted) {
    }

    private Map<String, Account> accounts;

    @Activate
    void activate(TablePasswordCheckerConfiguration config) {
        Map<String, Account> table = new HashMap<>();
        for (String entry : config.accounts()) {
            String[] fields = entry.split(":", -1);
            if (fields.length != 8 || !fields[1].equals(SCHEME) || !fields[7].startsWith("/")) {
                throw new IllegalArgumentException("not login:" + SCHEME + ":iterations:salt:hash:uid:gid:/home: " + fields[0]);
            }
            AuthResult accepted = new AuthResult(AuthResult.Outcome.ACCEPTED, fields[0], Long.parseLong(fields[5]),
                    Long.parseLong(fields[6]), fields[7]);
            table.put(fields[0], new Account(Integer.parseInt(fields[2]), Base64.getDecoder().decode(fields[3]),
                    Base64.getDecoder().decode(fields[4]), accepted));
        }
        accounts = Map.copyOf(table);
    }

    @Override
    public AuthResult check(String login, byte[] password, String timestamp) {
        Account account = accounts.get(login);
        if (account == null) {
            return AuthResult.REJECTED;
        }
        // Constant time, so the reply's timing tells nothing about how much of a guess was right.
        return MessageDigest.isEqual(pbkdf2(password, account.salt(), account.iterations()), account.hash())
                ? account.accepted() : AuthResult.REJECTED;
    }

    /** The base64 hash of a password for an entry: what an operator's script computes. */
    static String hash(byte[] password, byte[] salt, int iterations) {
        return Base64.getEncoder().encodeToString(pbkdf2(password, salt, iterations));
    }

    private static byte[] pbkdf2(byte[] password, byte[] salt, int iterations) {
        char[] chars = new String(password, StandardCharsets.UTF_8).toCharArray();
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            // Every Java platform has PBKDF2WithHmacSHA256.
            throw new IllegalStateException(e);
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
        }
    }
}

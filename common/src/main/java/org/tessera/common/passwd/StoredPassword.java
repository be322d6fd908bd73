package org.tessera.common.passwd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * A stored password in Dovecot's notation ({@code {SCHEME}hash}, or a bare crypt(3) string), parsed once:
 * its scheme, and the check of a password against it. The password file's checker and the directory
 * plugins that keep hashes (LDAP's userPassword, SQL columns) share it.
 */
public final class StoredPassword {

    /** The schemes this checker can verify, by Dovecot's names. */
    public enum Scheme {
        SHA512_CRYPT("SHA512-CRYPT", "\\$6\\$(rounds=\\d{1,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{86}"),
        SHA256_CRYPT("SHA256-CRYPT", "\\$5\\$(rounds=\\d{1,9}\\$)?[./0-9A-Za-z]{1,16}\\$[./0-9A-Za-z]{43}"),
        MD5_CRYPT("MD5-CRYPT", "\\$1\\$[./0-9A-Za-z]{1,8}\\$[./0-9A-Za-z]{22}"),
        BLF_CRYPT("BLF-CRYPT", "\\$2[aby]\\$\\d\\d\\$[./0-9A-Za-z]{53}"),
        // Checked by Argon2id.parse, which says more about what is wrong.
        ARGON2ID("ARGON2ID", "\\$argon2id\\$.*"),
        PLAIN("PLAIN", ".+");

        final String dovecotName;
        final Pattern format;

        Scheme(String dovecotName, String format) {
            this.dovecotName = dovecotName;
            this.format = Pattern.compile(format, Pattern.DOTALL);
        }
    }

    // Dovecot's CRYPT scheme is the system crypt(3); these are the formats of it this checker knows.
    private static final Map<String, Scheme> CRYPT_PREFIXES = Map.of(
            "$6$", Scheme.SHA512_CRYPT, "$5$", Scheme.SHA256_CRYPT, "$1$", Scheme.MD5_CRYPT,
            "$2y$", Scheme.BLF_CRYPT, "$2b$", Scheme.BLF_CRYPT, "$2a$", Scheme.BLF_CRYPT,
            "$argon2id$", Scheme.ARGON2ID);
    private static final String CRYPT = "CRYPT";
    private static final HexFormat HEX = HexFormat.of();

    private final Scheme scheme;
    private final String value;
    private final Argon2id argon2id;
    private final String problem;

    private StoredPassword(Scheme scheme, String value, Argon2id argon2id, String problem) {
        this.scheme = scheme;
        this.value = value;
        this.argon2id = argon2id;
        this.problem = problem;
    }

    /** Parses a field ({@code {SCHEME}hash}, or a crypt(3) string); never fails, but may never match. */
    public static StoredPassword parse(String field) {
        String name = CRYPT;
        String value = field;
        int close = field.indexOf('}');
        if (field.startsWith("{") && close > 0) {
            name = field.substring(1, close).toUpperCase(Locale.ROOT);
            value = field.substring(close + 1);
        }
        if (value.isEmpty()) {
            return new StoredPassword(null, value, null, "empty password");
        }
        Scheme scheme = name.equals(CRYPT) ? byCryptPrefix(value) : byName(name);
        if (scheme == null) {
            return new StoredPassword(null, value, null, "unsupported scheme " + name);
        }
        if (!scheme.format.matcher(value).matches()) {
            return new StoredPassword(null, value, null, "malformed " + scheme.dovecotName + " hash");
        }
        if (scheme == Scheme.ARGON2ID) {
            try {
                return new StoredPassword(scheme, value, Argon2id.parse(value), null);
            } catch (IllegalArgumentException e) {
                return new StoredPassword(null, value, null, "malformed ARGON2ID hash: " + e.getMessage());
            }
        }
        return new StoredPassword(scheme, value, null, null);
    }

    /** A stored password for a hash this class made. */
    public static StoredPassword of(Argon2id hash) {
        return new StoredPassword(Scheme.ARGON2ID, hash.toString(), hash, null);
    }

    /** The scheme, or null when this password never matches (see {@link #problem()}). */
    public Scheme scheme() {
        return scheme;
    }

    /** Why this password never matches, or null when it can. */
    public String problem() {
        return problem;
    }

    /**
     * Tells whether the password is this one; for {@code PLAIN}, also whether it is the RFC 1939 APOP
     * digest of the timestamp and this one.
     *
     * @param password the password bytes; not changed
     * @param timestamp POP3's APOP challenge, or empty
     */
    public boolean matches(byte[] password, String timestamp) {
        if (scheme == null) {
            return false;
        }
        return switch (scheme) {
            // commons-codec clears the key bytes it was given: the caller's array is not its to clear.
            case SHA512_CRYPT -> sameText(Sha2Crypt.sha512Crypt(password.clone(), value), value);
            case SHA256_CRYPT -> sameText(Sha2Crypt.sha256Crypt(password.clone(), value), value);
            case MD5_CRYPT -> sameText(Md5Crypt.md5Crypt(password.clone(), value), value);
            // Compares in constant time itself, and cuts the password at 72 bytes as bcrypt does.
            case BLF_CRYPT -> OpenBSDBCrypt.checkPassword(value, password);
            case ARGON2ID -> argon2id.matches(password);
            case PLAIN -> plainMatches(password, timestamp);
        };
    }

    private boolean plainMatches(byte[] password, String timestamp) {
        byte[] plain = value.getBytes(StandardCharsets.UTF_8);
        // Digests first, so the comparison takes as long whatever the lengths are.
        boolean same = MessageDigest.isEqual(sha256(password), sha256(plain));
        if (same || timestamp == null || timestamp.isEmpty()) {
            return same;
        }
        byte[] challenge = timestamp.getBytes(StandardCharsets.UTF_8);
        byte[] both = new byte[challenge.length + plain.length];
        System.arraycopy(challenge, 0, both, 0, challenge.length);
        System.arraycopy(plain, 0, both, challenge.length, plain.length);
        byte[] apop = HEX.formatHex(digest("MD5", both)).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(password, apop);
    }

    private static Scheme byCryptPrefix(String value) {
        for (Map.Entry<String, Scheme> prefix : CRYPT_PREFIXES.entrySet()) {
            if (value.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        return null;
    }

    private static Scheme byName(String name) {
        for (Scheme scheme : Scheme.values()) {
            if (scheme.dovecotName.equals(name)) {
                return scheme;
            }
        }
        return null;
    }

    private static boolean sameText(String computed, String stored) {
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
                stored.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] sha256(byte[] bytes) {
        return digest("SHA-256", bytes);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has MD5 and SHA-256.
            throw new IllegalStateException(e);
        }
    }
}

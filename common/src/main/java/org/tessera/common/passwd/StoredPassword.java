package org.tessera.common.passwd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
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
        // LDAP's digests (RFC 2307, slappasswd and its pw-sha2 module): base64 of the digest, then the salt if salted.
        SSHA("SSHA", "SHA-1", 20, true),
        SHA("SHA", "SHA-1", 20, false),
        SSHA256("SSHA256", "SHA-256", 32, true),
        SHA256("SHA256", "SHA-256", 32, false),
        SSHA512("SSHA512", "SHA-512", 64, true),
        SHA512("SHA512", "SHA-512", 64, false),
        PLAIN("PLAIN", ".+");

        final String dovecotName;
        final Pattern format;
        final String digest;
        final int digestLength;
        final boolean salted;

        Scheme(String dovecotName, String format) {
            this(dovecotName, format, null, 0, false);
        }

        Scheme(String dovecotName, String digest, int digestLength, boolean salted) {
            this(dovecotName, "[A-Za-z0-9+/]+={0,2}", digest, digestLength, salted);
        }

        Scheme(String dovecotName, String format, String digest, int digestLength, boolean salted) {
            this.dovecotName = dovecotName;
            this.format = Pattern.compile(format, Pattern.DOTALL);
            this.digest = digest;
            this.digestLength = digestLength;
            this.salted = salted;
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
    private final byte[] digestAndSalt;
    private final String problem;

    private StoredPassword(Scheme scheme, String value, Argon2id argon2id, String problem) {
        this(scheme, value, argon2id, null, problem);
    }

    private StoredPassword(Scheme scheme, String value, Argon2id argon2id, byte[] digestAndSalt, String problem) {
        this.scheme = scheme;
        this.value = value;
        this.argon2id = argon2id;
        this.digestAndSalt = digestAndSalt;
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
        if (scheme.digest != null) {
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(value);
            } catch (IllegalArgumentException e) {
                return new StoredPassword(null, value, null, "malformed " + scheme.dovecotName + " hash: " + e.getMessage());
            }
            boolean fits = scheme.salted ? decoded.length > scheme.digestLength : decoded.length == scheme.digestLength;
            return fits ? new StoredPassword(scheme, value, null, decoded, null)
                    : new StoredPassword(null, value, null, "malformed " + scheme.dovecotName + " hash: " + decoded.length + " bytes");
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
            case SSHA, SHA, SSHA256, SHA256, SSHA512, SHA512 -> digestMatches(password);
            case PLAIN -> plainMatches(password, timestamp);
        };
    }

    /** The digest of the password followed by the stored salt (none when unsalted) against the stored digest. */
    private boolean digestMatches(byte[] password) {
        int length = scheme.digestLength;
        byte[] salted = Arrays.copyOf(password, password.length + digestAndSalt.length - length);
        System.arraycopy(digestAndSalt, length, salted, password.length, digestAndSalt.length - length);
        boolean same = MessageDigest.isEqual(digest(scheme.digest, salted), Arrays.copyOf(digestAndSalt, length));
        Arrays.fill(salted, (byte) 0);
        return same;
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

package org.tessera.common.passwd;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * An Argon2id hash in the PHC string form that libargon2 and Dovecot write
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}, base64 without padding): parsed, made and checked.
 */
public final class Argon2id {

    /** Memory of new hashes in KiB (19 MiB): OWASP's minimum for Argon2id, with {@link #ITERATIONS} passes. */
    public static final int MEMORY_KIB = 19456;
    /** Passes over the memory of new hashes. */
    public static final int ITERATIONS = 2;
    /** Lanes of new hashes: one, as the checker already runs one hash per core. */
    public static final int PARALLELISM = 1;
    /** Bytes of random salt in new hashes. */
    public static final int SALT_BYTES = 16;
    /** Bytes of hash output in new hashes. */
    public static final int HASH_BYTES = 32;

    // What a file may ask for: one line must not be able to take the heap (1 GiB) or a core for minutes.
    public static final int MAX_MEMORY_KIB = 1 << 20;
    public static final int MAX_ITERATIONS = 1 << 10;
    public static final int MAX_PARALLELISM = 1 << 6;

    private static final int VERSION_10 = 0x10;
    private static final int VERSION_13 = 0x13;
    private static final Pattern PHC = Pattern.compile("\\$argon2id(?:\\$v=(\\d{1,3}))?"
            + "\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();

    private final int version;
    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final byte[] salt;
    private final byte[] hash;

    private Argon2id(int version, int memoryKib, int iterations, int parallelism, byte[] salt, byte[] hash) {
        this.version = version;
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.salt = salt;
        this.hash = hash;
    }

    /**
     * Parses a PHC string; without {@code v=} it is version 16, as libargon2 before 20161029 wrote it.
     *
     * @throws IllegalArgumentException when it is not one, or asks for more than the limits
     */
    public static Argon2id parse(String phc) {
        Matcher m = PHC.matcher(phc);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an $argon2id$v=19$m=...,t=...,p=...$salt$hash string");
        }
        int version = m.group(1) == null ? VERSION_10 : Integer.parseInt(m.group(1));
        if (version != VERSION_10 && version != VERSION_13) {
            throw new IllegalArgumentException("unknown Argon2 version " + version);
        }
        long memory = Long.parseLong(m.group(2));
        long iterations = Long.parseLong(m.group(3));
        long parallelism = Long.parseLong(m.group(4));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM || iterations < 1 || iterations > MAX_ITERATIONS
                || memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("parameters out of range: m from 8p to " + MAX_MEMORY_KIB
                    + ", t from 1 to " + MAX_ITERATIONS + ", p from 1 to " + MAX_PARALLELISM);
        }
        byte[] salt = decode(m.group(5));
        byte[] hash = decode(m.group(6));
        // libargon2's own minimums.
        if (salt.length < 8 || hash.length < 4) {
            throw new IllegalArgumentException("salt shorter than 8 bytes or hash shorter than 4");
        }
        return new Argon2id(version, (int) memory, (int) iterations, (int) parallelism, salt, hash);
    }

    /** Hashes a password with the default parameters and a fresh salt. */
    public static Argon2id create(byte[] password, SecureRandom random) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = compute(VERSION_13, MEMORY_KIB, ITERATIONS, PARALLELISM, salt, password, HASH_BYTES);
        return new Argon2id(VERSION_13, MEMORY_KIB, ITERATIONS, PARALLELISM, salt, hash);
    }

    /** Tells whether the password hashes to this hash, comparing in constant time. */
    public boolean matches(byte[] password) {
        byte[] computed = compute(version, memoryKib, iterations, parallelism, salt, password, hash.length);
        return MessageDigest.isEqual(computed, hash);
    }

    /** The PHC string, as Dovecot's {@code doveadm pw -s ARGON2ID} writes it after the scheme. */
    @Override
    public String toString() {
        return "$argon2id$v=" + version + "$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism
                + "$" + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
    }

    private static byte[] compute(int version, int memoryKib, int iterations, int parallelism, byte[] salt,
            byte[] password, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(version)
                .withMemoryAsKB(memoryKib)
                .withIterations(iterations)
                .withParallelism(parallelism)
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] decode(String base64) {
        // Throws IllegalArgumentException on a last group of one character, as unpadded base64 never ends.
        return Base64.getDecoder().decode(base64);
    }
}

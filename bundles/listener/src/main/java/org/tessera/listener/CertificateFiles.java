package org.tessera.listener;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemObjectGenerator;

/**
 * A server certificate and its key in PEM files, as certbot and openssl write them: the certificate
 * file holds the server's certificate then its chain; the key file a PKCS#8, PKCS#1 (RSA) or SEC1 (EC)
 * key, unencrypted. Read with Bouncy Castle's PEM parser, which knows every one of those forms.
 *
 * @param chain the server's certificate first, then the intermediates
 * @param key the private key of the first certificate
 */
record CertificateFiles(List<X509Certificate> chain, PrivateKey key) {

    /** How long a certificate made by {@link #createSelfSigned} is valid: 825 days, as browsers allow. */
    static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);

    /** Reads both files; the key must belong to the first certificate. */
    static CertificateFiles read(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = new ArrayList<>();
        JcaX509CertificateConverter certificates = new JcaX509CertificateConverter();
        try (Reader in = Files.newBufferedReader(certificateFile, StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(in)) {
            for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
                if (item instanceof X509CertificateHolder holder) {
                    chain.add(certificates.getCertificate(holder));
                }
            }
        }
        if (chain.isEmpty()) {
            throw new CertificateException(certificateFile + " holds no PEM certificate");
        }
        PrivateKey key = readKey(keyFile);
        if (!belongsTo(key, chain.get(0))) {
            throw new CertificateException("the key in " + keyFile + " does not belong to the certificate in "
                    + certificateFile);
        }
        return new CertificateFiles(List.copyOf(chain), key);
    }

    private static PrivateKey readKey(Path keyFile) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter keys = new JcaPEMKeyConverter();
        try (Reader in = Files.newBufferedReader(keyFile, StandardCharsets.US_ASCII); PEMParser pem = new PEMParser(in)) {
            for (Object item = pem.readObject(); item != null; item = pem.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    return keys.getPrivateKey(info);
                }
                // SEC1 and PKCS#1: only the private part, since a SEC1 key may come without its public key.
                if (item instanceof PEMKeyPair pair) {
                    return keys.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new GeneralSecurityException(keyFile + " holds no unencrypted PEM private key");
    }

    // A signature the certificate's public key verifies: the one test that works for every key type.
    private static boolean belongsTo(PrivateKey key, X509Certificate certificate) throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(probe);
        return verifier.verify(signature);
    }

    /**
     * Makes a self-signed certificate for {@code host} (RSA 2048, SHA-256, the host as subject and
     * DNS name) and writes it and its key, the key file readable by this process's user only. Each
     * file is written beside its place and renamed into it, so a reader never sees half of one.
     */
    static CertificateFiles createSelfSigned(String host, Path certificateFile, Path keyFile, Instant now)
            throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return createSelfSigned(host, generator.generateKeyPair(), certificateFile, keyFile, now);
    }

    /** As {@link #createSelfSigned(String, Path, Path, Instant)}, for a given RSA or EC key pair. */
    static CertificateFiles createSelfSigned(String host, KeyPair pair, Path certificateFile, Path keyFile, Instant now)
            throws IOException, GeneralSecurityException {
        String signature = pair.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, host).build();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(SELF_SIGNED_VALIDITY)), subject, pair.getPublic());
        X509Certificate certificate;
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
            certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate", e);
        }
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Files.createDirectories(certificateFile.toAbsolutePath().getParent());
        // PKCS#8 as it is: Bouncy Castle's writer would turn an EC key into SEC1 without its curve.
        writePem(keyFile, new PemObject("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
        writePem(certificateFile, new JcaMiscPEMGenerator(certificate), false);
        return new CertificateFiles(List.of(certificate), pair.getPrivate());
    }

    private static void writePem(Path file, PemObjectGenerator item, boolean secret) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(secret ? "rw-------" : "rw-r--r--")));
        try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(item);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The server certificate's SHA-256 fingerprint, as {@code openssl x509 -fingerprint -sha256} prints it. */
    String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(chain.get(0).getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

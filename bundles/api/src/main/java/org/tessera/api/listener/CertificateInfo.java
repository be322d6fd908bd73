package org.tessera.api.listener;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A server certificate in use.
 *
 * @param subject the certificate's subject, e.g. {@code CN=mail.example.com}
 * @param notAfter when it expires
 * @param fingerprint its SHA-256 fingerprint, colon-separated upper-case hex as openssl prints it
 * @param certificateFile the PEM file it was read from
 * @param keyFile the PEM file of its key
 * @param selfSigned whether it is the self-signed certificate Tessera made at its first start
 * @param loaded when it was read
 * @since 1.1
 */
@ProviderType
public record CertificateInfo(String subject, Instant notAfter, String fingerprint, Path certificateFile, Path keyFile,
        boolean selfSigned, Instant loaded) {

    /**
     * Validates the components.
     *
     * @param subject not null
     * @param notAfter not null
     * @param fingerprint not null
     * @param certificateFile not null
     * @param keyFile not null
     * @param selfSigned whether Tessera made it
     * @param loaded not null
     * @throws NullPointerException when a component is null
     */
    public CertificateInfo {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(certificateFile, "certificateFile");
        Objects.requireNonNull(keyFile, "keyFile");
        Objects.requireNonNull(loaded, "loaded");
    }
}

package org.tessera.api.listener;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The certificate every listener's TLS uses ({@code ctl tls}). Only Tessera implements it.
 *
 * @since 1.1
 */
@ProviderType
public interface ServerCertificate {

    /**
     * The certificate in use.
     *
     * @return it; empty while none could be read (the listeners then offer no TLS)
     */
    Optional<CertificateInfo> inUse();

    /**
     * Why no certificate, or not the newest one on disk, is in use.
     *
     * @return the reason; empty when all is well
     */
    String problem();

    /**
     * Reads the certificate and key files again now, changed or not; the next handshake uses them.
     *
     * @return the certificate now in use
     * @throws IOException when a file cannot be read
     * @throws GeneralSecurityException when the files hold no usable certificate and key (the one in use stays)
     */
    CertificateInfo reload() throws IOException, GeneralSecurityException;
}

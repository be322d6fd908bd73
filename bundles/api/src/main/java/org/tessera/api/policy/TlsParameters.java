package org.tessera.api.policy;

import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a TLS handshake negotiated.
 *
 * @param protocol the protocol version as Java names it, for example {@code TLSv1.3}
 * @param cipherSuite the cipher suite's standard name, for example {@code TLS_AES_256_GCM_SHA384}
 */
@ProviderType
public record TlsParameters(String protocol, String cipherSuite) {

    /**
     * Validates the components.
     *
     * @param protocol not null, not empty
     * @param cipherSuite not null, not empty
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when a component is empty
     */
    public TlsParameters {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        if (protocol.isEmpty() || cipherSuite.isEmpty()) {
            throw new IllegalArgumentException("protocol and cipher suite must not be empty");
        }
    }
}

package org.tessera.remote.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

/**
 * STARTTLS, beyond qmail: opportunistic (any certificate) unless the recipient domain matches an
 * entry of the configured list, keyed as smtproutes (the domain, then each {@code .suffix} longest
 * first, then the empty catch-all), in which case TLS is required and the certificate must chain
 * to the trust store and name the MX or relay host.
 */
final class TlsPolicy {

    private final boolean enabled;
    private final Set<String> verified = new HashSet<>();
    private final SslContext opportunistic;
    private final SslContext checked;

    TlsPolicy(boolean enabled, String[] verifiedDomains, String trustStore, String trustStorePassword) {
        this.enabled = enabled;
        for (String d : verifiedDomains) {
            verified.add(d.trim().toLowerCase(Locale.ROOT));
        }
        try {
            opportunistic = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
            checked = SslContextBuilder.forClient().sslProvider(SslProvider.JDK)
                    .trustManager(trustManagers(trustStore, trustStorePassword))
                    .endpointIdentificationAlgorithm("HTTPS").build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS for remote delivery", e);
        }
    }

    /** Whether the client says EHLO to look for STARTTLS at all. */
    boolean enabled() {
        return enabled;
    }

    /** Whether delivery to this domain needs TLS with a verified certificate. */
    boolean required(String domain) {
        if (!enabled || verified.isEmpty()) {
            return false;
        }
        String d = domain.toLowerCase(Locale.ROOT);
        if (verified.contains(d)) {
            return true;
        }
        for (int i = 0; i < d.length(); i++) {
            if (d.charAt(i) == '.' && verified.contains(d.substring(i))) {
                return true;
            }
        }
        return verified.contains("");
    }

    SslContext context(boolean required) {
        return required ? checked : opportunistic;
    }

    private static TrustManagerFactory trustManagers(String trustStore, String password) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (trustStore.isEmpty()) {
                tmf.init((KeyStore) null);
            } else {
                tmf.init(KeyStore.getInstance(Path.of(trustStore).toFile(), password.toCharArray()));
            }
            return tmf;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot read the trust store " + trustStore, e);
        }
    }
}

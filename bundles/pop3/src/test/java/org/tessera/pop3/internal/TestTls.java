package org.tessera.pop3.internal;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.tessera.listener.LoginThrottle;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * What the TLS tests need: a self-signed certificate for {@code pop.test}, the server's context for it
 * (as ServerTls builds one) and a client that trusts that certificate and no other; and a
 * {@link LoginThrottle} with the limits a test gives.
 */
final class TestTls {

    final SslContext server;
    final SSLSocketFactory client;

    TestTls() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair pair = generator.generateKeyPair();
        X500Name name = new X500Name("CN=pop.test");
        Instant now = Instant.now();
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                        pair.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        server = SslContextBuilder.forServer(pair.getPrivate(), certificate).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.2", "TLSv1.3").build();
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("pop.test", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        client = context.getSocketFactory();
    }

    /** A throttle with the default limits but these: the first delay, failures per user, none per address. */
    static LoginThrottle throttle(long firstDelayMillis, int failuresPerUser) {
        return LoginThrottle.with(new LoginThrottle.Limits(Duration.ofMillis(firstDelayMillis), Duration.ofSeconds(15),
                0, failuresPerUser, Duration.ofMinutes(15), Duration.ofMinutes(15), 100_000));
    }
}

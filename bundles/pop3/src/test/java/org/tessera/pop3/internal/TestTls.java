package org.tessera.pop3.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

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

    /**
     * A throttle configured as {@code etc/org.tessera.login.cfg} configures it in the server, where DS
     * calls its package-private configure method; here it is called by reflection, with the
     * configuration's defaults for what {@code settings} leaves out.
     */
    static LoginThrottle throttle(Map<String, Object> settings) throws ReflectiveOperationException {
        Class<?> type = Class.forName("org.tessera.listener.LoginThrottleConfiguration");
        Object configuration = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> settings.getOrDefault(method.getName(), method.getDefaultValue()));
        LoginThrottle throttle = new LoginThrottle();
        Method configure = LoginThrottle.class.getDeclaredMethod("configure", type);
        configure.setAccessible(true);
        configure.invoke(throttle, configuration);
        return throttle;
    }
}

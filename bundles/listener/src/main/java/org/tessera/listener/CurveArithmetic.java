package org.tessera.listener;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.function.Supplier;

import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyPairGeneratorSpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elliptic-curve arithmetic of every TLS handshake, taken from Bouncy Castle while the JDK's own TLS
 * (SunJSSE, which netty's {@code SslHandler} drives) does everything else. With an ECDSA certificate a
 * TLS 1.3 handshake spends most of the server's CPU in two places: the X25519 key exchange and the
 * certificate's ECDSA signature. Java 17's SunEC computes both without precomputed tables; Bouncy
 * Castle's fixed-base combs make the signature about six times and X25519 about twice as cheap (measured
 * in the SMTP bench README). The JCA picks the first provider that offers an algorithm, so this one goes
 * first, offering only the curve algorithms: ciphers and digests stay the JDK's, whose AES-GCM and SHA-2
 * use the processor's instructions.
 *
 * <p>It is installed while {@link ServerTls} is active and removed with it; {@code curveArithmetic = jdk}
 * in {@code etc/org.tessera.tls.cfg} leaves the JDK's in place.
 */
final class CurveArithmetic extends Provider {

    static final String NAME = "TesseraCurves";
    private static final Logger LOG = LoggerFactory.getLogger(CurveArithmetic.class);
    private static final long serialVersionUID = 1L;

    private CurveArithmetic() {
        super(NAME, "1.0", "Bouncy Castle's elliptic-curve arithmetic for the JDK's TLS");
        offer("KeyFactory", "EC", KeyFactorySpi.EC::new);
        offer("KeyPairGenerator", "EC", KeyPairGeneratorSpi.EC::new);
        offer("KeyAgreement", "ECDH", KeyAgreementSpi.DH::new);
        offer("Signature", "SHA256withECDSA", SignatureSpi.ecDSA256::new);
        offer("Signature", "SHA384withECDSA", SignatureSpi.ecDSA384::new);
        offer("Signature", "SHA512withECDSA", SignatureSpi.ecDSA512::new);
        offer("KeyFactory", "XDH", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyFactorySpi.XDH::new);
        offer("KeyPairGenerator", "XDH", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyPairGeneratorSpi.XDH::new);
        offer("KeyAgreement", "XDH", org.bouncycastle.jcajce.provider.asymmetric.edec.KeyAgreementSpi.XDH::new);
    }

    // The implementations are made here, not named for the JCA to load by reflection: this bundle's class
    // loader sees Bouncy Castle's packages through its imports, which bnd only writes for classes the code uses.
    private void offer(String type, String algorithm, Supplier<Object> implementation) {
        putService(new Service(this, type, algorithm, implementation.get().getClass().getName(), List.of(), null) {
            @Override
            public Object newInstance(Object parameter) {
                return implementation.get();
            }
        });
    }

    /** Puts Bouncy Castle's curve arithmetic first for the whole JVM (again, if it was there already). */
    static synchronized void install() {
        Security.removeProvider(NAME);
        Security.insertProviderAt(new CurveArithmetic(), 1);
        LOG.info("TLS: elliptic-curve arithmetic from Bouncy Castle (curveArithmetic = bouncycastle)");
    }

    /** Gives the curves back to the JDK's SunEC. */
    static synchronized void remove() {
        Security.removeProvider(NAME);
    }
}

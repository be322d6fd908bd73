package org.tessera.listener;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The server's certificate for every listener that speaks TLS ({@code etc/org.tessera.tls.cfg}). */
@ObjectClassDefinition(id = ServerTls.PID, name = "Tessera TLS", description = "The certificate and key every"
        + " listener's TLS uses (STARTTLS, SMTP submission, POP3 STLS and the implicit-TLS ports).")
@interface TlsConfiguration {

    @AttributeDefinition(name = "Certificate", description = "PEM file: the server's certificate, then its chain"
            + " (certbot's fullchain.pem). Relative to the home. Empty: etc/tls/tessera.crt, a self-signed"
            + " certificate for control/me made at the first start.")
    String certificate() default "";

    @AttributeDefinition(name = "Key", description = "PEM file: the certificate's private key, unencrypted"
            + " (certbot's privkey.pem). Relative to the home. Empty: etc/tls/tessera.key.")
    String key() default "";

    @AttributeDefinition(name = "Protocols", description = "The TLS versions offered, comma-separated; the cipher"
            + " suites are the JDK's defaults.")
    String protocols() default "TLSv1.2,TLSv1.3";

    @AttributeDefinition(name = "Check interval", description = "Seconds between looks at the files: a certificate"
            + " renewed on disk is used from the next handshake on, open sessions keep theirs; 0 looks only at"
            + " qmail:tls reload.")
    long checkSeconds() default 1;

    @AttributeDefinition(name = "Curve arithmetic", description = "Whose elliptic-curve arithmetic the handshakes"
            + " use: bouncycastle (X25519 about twice and the ECDSA signature about six times cheaper than the"
            + " JDK 17's) or jdk. The TLS itself is the JDK's either way.")
    String curveArithmetic() default "bouncycastle";
}

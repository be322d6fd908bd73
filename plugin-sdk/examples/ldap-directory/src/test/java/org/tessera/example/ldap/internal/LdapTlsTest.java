package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.api.mail.MailAddress;

/** ldaps:// and StartTLS against a real slapd with a certificate of its own, trusted through trustedCertificates. */
class LdapTlsTest {

    @RegisterExtension
    static final LdapFixture ldap = LdapFixture.withTls();

    private String joesHome(Object... keysAndValues) throws Exception {
        return ldap.directory(keysAndValues).find(MailAddress.parse("joe@example.com")).orElseThrow().home();
    }

    @Test
    void ldapsAndStartTlsWorkWithTheServersCertificateTrusted() throws Exception {
        String trusted = ldap.slapd().certificate().toString();

        assertEquals("/srv/mail/joe", joesHome("urls", ldap.slapd().tlsUrl(), "trustedCertificates", trusted));
        assertEquals("/srv/mail/joe", joesHome("startTls", true, "trustedCertificates", trusted));
    }

    @Test
    void aCertificateThatIsNotTrustedDefersTheLookup() {
        assertThrows(IOException.class, () -> joesHome("urls", ldap.slapd().tlsUrl()), "the JVM does not know this certificate");
        assertThrows(IOException.class, () -> joesHome("startTls", true), "nor over StartTLS");
    }
}

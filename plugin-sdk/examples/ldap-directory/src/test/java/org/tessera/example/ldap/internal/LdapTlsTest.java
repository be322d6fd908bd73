package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.MailAddress;
import org.tessera.testkit.MemoryControlFiles;

/** ldaps:// and StartTLS against a real slapd with a certificate of its own, trusted through trustedCertificates. */
class LdapTlsTest {

    @TempDir
    static Path serverDirectory;
    static Slapd slapd;

    @TempDir
    Path home;
    private final MemoryControlFiles control = new MemoryControlFiles();
    private final List<LdapUserDirectory> started = new ArrayList<>();

    @BeforeAll
    static void startSlapd() throws Exception {
        boolean required = Boolean.getBoolean("tessera.requireTools");
        assertTrue(Slapd.available() || !required, "slapd, ldap-utils and openssl (Debian packages) and root are required here");
        assumeTrue(Slapd.available(), "slapd, ldap-utils, openssl and root");
        slapd = Slapd.startWithTls(serverDirectory, LdapUserDirectoryTest.ENTRIES);
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @BeforeEach
    void aliasUser() throws IOException {
        Files.createDirectory(home.resolve("alias"));
        control.home = home;
    }

    @AfterEach
    void deactivate() {
        started.forEach(LdapUserDirectory::deactivate);
    }

    private String joesHome(Object... keysAndValues) throws Exception {
        LdapUserDirectory directory = new LdapUserDirectory(control, slapd.configuration(keysAndValues));
        started.add(directory);
        return directory.find(MailAddress.parse("joe@example.com")).orElseThrow().home();
    }

    @Test
    void ldapsAndStartTlsWorkWithTheServersCertificateTrusted() throws Exception {
        String trusted = slapd.certificate().toString();

        assertEquals("/srv/mail/joe", joesHome("urls", slapd.tlsUrl(), "trustedCertificates", trusted));
        assertEquals("/srv/mail/joe", joesHome("startTls", true, "trustedCertificates", trusted));
    }

    @Test
    void aCertificateThatIsNotTrustedDefersTheLookup() {
        assertThrows(IOException.class, () -> joesHome("urls", slapd.tlsUrl()), "the JVM does not know this certificate");
        assertThrows(IOException.class, () -> joesHome("startTls", true), "nor over StartTLS");
    }
}

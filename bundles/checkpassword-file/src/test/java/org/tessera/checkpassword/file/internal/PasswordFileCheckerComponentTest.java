package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What bnd generated for SCR and metatype: the ranking, the PID, the optional configuration. */
class PasswordFileCheckerComponentTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PasswordFileCheckerComponentTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void registersAsPasswordCheckerRankedHundredWithOptionalConfiguration() throws IOException {
        String xml = resource("OSGI-INF/org.tessera.checkpassword.file.internal.PasswordFileChecker.xml");
        assertTrue(xml.contains("<provide interface=\"org.tessera.api.auth.PasswordChecker\"/>"), xml);
        assertTrue(xml.contains("<property name=\"service.ranking\" type=\"Integer\" value=\"100\"/>"), xml);
        assertTrue(xml.contains("configuration-pid=\"org.tessera.checkpassword.file\""), xml);
        assertTrue(xml.contains("configuration-policy=\"optional\""), xml);
    }

    @Test
    void designatesItsConfiguration() throws IOException {
        String xml = resource("OSGI-INF/metatype/org.tessera.checkpassword.file.xml");
        assertTrue(xml.contains("pid=\"org.tessera.checkpassword.file\""), xml);
        assertTrue(xml.contains("id=\"file\""), xml);
        assertTrue(xml.contains("id=\"service.ranking\""), xml);
    }
}

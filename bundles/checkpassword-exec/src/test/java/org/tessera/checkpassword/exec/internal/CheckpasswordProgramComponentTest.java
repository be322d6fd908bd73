package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What bnd generated for SCR: the service, its ranking in the chain of checkers, the PID and its metatype. */
class CheckpasswordProgramComponentTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = CheckpasswordProgramComponentTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void registersAsPasswordCheckerRanked200WithOptionalConfiguration() throws IOException {
        String xml = resource("OSGI-INF/org.tessera.checkpassword.exec.internal.CheckpasswordProgram.xml");
        assertTrue(xml.contains("<provide interface=\"org.tessera.api.auth.PasswordChecker\"/>"), xml);
        assertTrue(xml.contains("<property name=\"service.ranking\" type=\"Integer\" value=\"200\"/>"), xml);
        assertTrue(xml.contains("configuration-pid=\"org.tessera.checkpassword.exec\""), xml);
        assertTrue(xml.contains("<property name=\"timeoutSeconds\" type=\"Long\" value=\"10\"/>"), xml);
        // OPTIONAL is the default policy: bnd writes the attribute only for the others.
        assertTrue(!xml.contains("configuration-policy=") || xml.contains("configuration-policy=\"optional\""), xml);
    }

    @Test
    void designatesItsConfiguration() throws IOException {
        String xml = resource("OSGI-INF/metatype/org.tessera.checkpassword.exec.xml");
        for (String id : new String[] {"program", "timeoutSeconds", "replyProgram"}) {
            assertTrue(xml.contains("id=\"" + id + "\""), xml);
        }
    }
}

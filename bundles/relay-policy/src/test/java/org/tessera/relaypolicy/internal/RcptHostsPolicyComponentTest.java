package org.tessera.relaypolicy.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.tessera.api.policy.RelayPolicy;

/** What bnd generated for SCR: the ranking that puts the policy last in the chain, and its PID. */
class RcptHostsPolicyComponentTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = RcptHostsPolicyComponentTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void registersAsRelayPolicyWithRelayRanking() throws IOException {
        String xml = resource("OSGI-INF/org.tessera.relaypolicy.internal.RcptHostsPolicy.xml");
        assertTrue(xml.contains("<provide interface=\"org.tessera.api.policy.RelayPolicy\"/>"), xml);
        assertTrue(xml.contains("<property name=\"service.ranking\" type=\"Integer\" value=\"" + RelayPolicy.RELAY_RANKING + "\"/>"), xml);
        assertTrue(xml.contains("configuration-pid=\"org.tessera.relaypolicy\""), xml);
    }

    @Test
    void designatesItsConfiguration() throws IOException {
        String xml = resource("OSGI-INF/metatype/org.tessera.relaypolicy.xml");
        assertTrue(xml.contains("pid=\"org.tessera.relaypolicy\""), xml);
        assertTrue(xml.contains("id=\"control.target\""), xml);
    }
}

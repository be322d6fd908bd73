package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.tessera.api.policy.ClientInfo;

/** The client a sendmail -bs connection's variables describe, as qmail-smtpd reads its environment. */
class LocalInjectionTest {

    @Test
    void theClientIsWhatTheEnvironmentSaysAndUnknownOtherwise() {
        assertEquals(new ClientInfo("sendmail", "127.0.0.1", 0, "127.0.0.1", 0, "localhost", "sendmail-bs", "localhost"),
                LocalInjection.client("sendmail", Map.of("TCPLOCALIP", "127.0.0.1", "TCPLOCALHOST", "localhost",
                        "TCPREMOTEIP", "127.0.0.1", "TCPREMOTEHOST", "localhost", "TCPREMOTEINFO", "sendmail-bs")));
        assertEquals(new ClientInfo("sendmail", "unknown", 25, "192.0.2.1", 2525, "unknown", "", "192.0.2.1"),
                LocalInjection.client("sendmail", Map.of("TCPLOCALIP", "192.0.2.1", "TCPLOCALPORT", "2525",
                        "TCPREMOTEPORT", "25", "TCPREMOTEHOST", "")));
        assertEquals(new ClientInfo("sendmail", "unknown", 0, "unknown", 0, "unknown", "", "unknown"),
                LocalInjection.client("sendmail", Map.of("TCPREMOTEPORT", "99999")));
    }
}

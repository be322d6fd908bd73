package org.tessera.smtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.tessera.api.policy.ClientInfo;

/** The first line of a sendmail -bs connection, and the client it describes, as qmail-smtpd reads its environment. */
class LocalInjectionTest {

    @Test
    void readsTheVariablesItKnowsAndDecodesTheirValues() {
        Optional<Map<String, String>> environment = LocalInjection.parse("TESSERA-SENDMAIL-BS RELAYCLIENT= DATABYTES=0"
                + " TCPREMOTEINFO=j%c3%b6e%20x PATH=/bin\r\n");
        assertEquals(Optional.of(Map.of("RELAYCLIENT", "", "DATABYTES", "0", "TCPREMOTEINFO", "j\u00f6e x")),
                environment);
        assertEquals(Optional.of(Map.of()), LocalInjection.parse("TESSERA-SENDMAIL-BS\n"));
    }

    @Test
    void refusesAnythingElse() {
        for (String line : new String[] {"HELO x\r\n", "TESSERA-SENDMAIL-BS RELAYCLIENT=\r", "TESSERA-SENDMAIL-BS X\r\n",
            "TESSERA-SENDMAIL-BS A=%zz\r\n", "TESSERA-SENDMAIL-BS A=%4\r\n", "TESSERA-SENDMAIL-BS  A=b\r\n",
            "TESSERA-SENDMAIL-BS A=\u00e9\r\n", "tessera-sendmail-bs\r\n"}) {
            assertTrue(LocalInjection.parse(line).isEmpty(), line);
        }
    }

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

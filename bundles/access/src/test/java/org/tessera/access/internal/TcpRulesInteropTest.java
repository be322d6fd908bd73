package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.common.testing.Program;
import org.tessera.common.testing.TcpRulesText;
import org.tessera.common.testing.UcspiTcprules;

/** The server reads a cdb made by ucspi-tcp's own tcprules (Debian's ucspi-tcp) as tcpserver would. */
class TcpRulesInteropTest {

    private UcspiTcprules tcprules;

    @TempDir
    Path dir;

    @BeforeEach
    void findTcprules() {
        tcprules = UcspiTcprules.require();
    }

    private Program.Result theirs(String text, String cdb) throws Exception {
        return tcprules.compile(dir, text, cdb);
    }

    @Test
    void weReadTheirCdbAsTcpserverWould() throws Exception {
        assertEquals(0, theirs(TcpRulesText.EVERY_FORM, "tcp.smtp.cdb").exit());
        try (RulesByListener rules = new RulesByListener(dir, Records.cdbFiles())) {
            assertEquals(ConnectionDecision.allow(Map.of("RELAYCLIENT", "", "DATABYTES", "1000000")),
                    rules.check(LookupKeysTest.client("smtp", "10.0.9.9", "", ""), Set.of()));
            assertEquals(ConnectionDecision.DENY, rules.check(LookupKeysTest.client("smtp", "1.2.3.40", "", ""), Set.of()));
            assertEquals(ConnectionDecision.allow(Map.of("A", "2")),
                    rules.check(LookupKeysTest.client("smtp", "9.9.9.9", "www.example", ""), Set.of()));
            assertEquals(ConnectionDecision.allow(Map.of("X", "a\"b")),
                    rules.check(LookupKeysTest.client("smtp", "10.3.0.1", "", ""), Set.of()));
            assertEquals(ConnectionDecision.allow(Map.of("FALLBACK", "")),
                    rules.check(LookupKeysTest.client("smtp", "9.9.9.9", "", ""), Set.of()));
        }
    }
}

package org.tessera.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class QmailReceivedHeaderTest {

    private static final Instant WHEN = Instant.parse("2026-12-01T09:08:07Z");
    private static final String BY = "  by 192.0.2.25 with SMTP; 1 Dec 2026 09:08:07 -0000";

    @Test
    void heloDiffersFromUnknownRemoteHost() {
        assertEquals(List.of("Received: from unknown (HELO client.test) (192.0.2.1)", BY),
            lines("", Optional.of("client.test"), "", "192.0.2.25"));
    }

    @Test
    void noHeloNoHeloPart() {
        assertEquals(List.of("Received: from unknown (192.0.2.1)", BY), lines("", Optional.empty(), "", "192.0.2.25"));
    }

    @Test
    void heloEqualToRemoteHostIgnoringCaseIsOmitted() {
        assertEquals(List.of("Received: from mx.client.test (192.0.2.1)", BY),
            lines("mx.client.test", Optional.of("MX.Client.Test"), "", "192.0.2.25"));
    }

    @Test
    void emptyHeloIsShownAndRemoteInfoPrecedesTheIp() {
        assertEquals(List.of("Received: from unknown (HELO ) (joe@192.0.2.1)",
            "  by mail.server.test with SMTP; 1 Dec 2026 09:08:07 -0000"),
            lines("", Optional.of(""), "joe", "mail.server.test"));
    }

    @Test
    void unsetLocalIsUnknown() {
        assertEquals("  by unknown with QMTP; 1 Dec 2026 09:08:07 -0000",
            QmailReceivedHeader.lines("QMTP", "", Optional.empty(), "", "192.0.2.1", "", WHEN).get(1));
    }

    @Test
    void unsafeCharactersBecomeQuestionMarks() {
        assertEquals("Received: from unknown (HELO a?b?c??d???x?) (192.0.2.1)",
            lines("", Optional.of("a b<c>[d]\u00e9(x)"), "", "192.0.2.25").get(0));
        assertEquals("AZaz09.@%+/=:-", QmailReceivedHeader.safe("AZaz09.@%+/=:-"));
    }

    @Test
    void lineBreaksFromTheClientTheIdentServerOrReverseDnsNeverStartAField() {
        // The HELO argument, TCPREMOTEINFO (ident) and TCPREMOTEHOST (a PTR record) are all the remote side's text.
        List<String> received = QmailReceivedHeader.lines("SMTP", "evil\nX-Injected: dns", Optional.of("x\r\nX-Injected: helo\u0000"),
                "joe\r\nX-Injected: ident", "192.0.2.1", "mx.test", WHEN);
        assertEquals("Received: from evil?X-Injected:?dns (HELO x??X-Injected:?helo?) (joe??X-Injected:?ident@192.0.2.1)",
                received.get(0));
        assertEquals(2, received.size());
    }

    private static List<String> lines(String remoteHost, Optional<String> helo, String remoteInfo, String local) {
        return QmailReceivedHeader.lines("SMTP", remoteHost, helo, remoteInfo, "192.0.2.1", local, WHEN);
    }
}

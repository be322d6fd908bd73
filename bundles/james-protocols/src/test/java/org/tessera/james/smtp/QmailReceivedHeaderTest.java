package org.tessera.james.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.junit.jupiter.api.Test;

class QmailReceivedHeaderTest {

    // 2026-12-01T09:08:07Z; the clock's zone is not UTC on purpose.
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T09:08:07Z"), ZoneId.of("Europe/Berlin"));
    private static final String BY = "  by 192.0.2.25 with SMTP; 1 Dec 2026 09:08:07 -0000";

    private final Map<AttachmentKey<?>, Object> connection = new HashMap<>();

    @Test
    void heloDiffersFromUnknownRemoteHost() {
        connection.put(SMTPSession.CURRENT_HELO_NAME, "client.test");
        assertEquals(List.of("Received: from unknown (HELO client.test) (192.0.2.1)", BY), lines(null));
    }

    @Test
    void noHeloNoHeloPart() {
        assertEquals(List.of("Received: from unknown (192.0.2.1)", BY), lines(null));
    }

    @Test
    void heloEqualToRemoteHostIgnoringCaseIsOmitted() {
        connection.put(QmailReceivedHeader.REMOTE_HOST, "mx.client.test");
        connection.put(SMTPSession.CURRENT_HELO_NAME, "MX.Client.Test");
        assertEquals(List.of("Received: from mx.client.test (192.0.2.1)", BY), lines(null));
    }

    @Test
    void remoteInfoAndLocalHostFromTheConnection() {
        connection.put(QmailReceivedHeader.REMOTE_INFO, "joe");
        connection.put(QmailReceivedHeader.LOCAL_HOST, "mail.server.test");
        connection.put(SMTPSession.CURRENT_HELO_NAME, "");
        assertEquals(List.of("Received: from unknown (HELO ) (joe@192.0.2.1)",
            "  by mail.server.test with SMTP; 1 Dec 2026 09:08:07 -0000"), lines("ignored.test"));
    }

    @Test
    void localHostNameInsteadOfLocalIp() {
        assertEquals("  by server.test with SMTP; 1 Dec 2026 09:08:07 -0000", lines("server.test").get(1));
    }

    @Test
    void unsafeCharactersBecomeQuestionMarks() {
        connection.put(SMTPSession.CURRENT_HELO_NAME, "a b<c>[d]\u00e9(x)");
        assertEquals("Received: from unknown (HELO a?b?c??d???x?) (192.0.2.1)", lines(null).get(0));
        assertEquals("AZaz09.@%+/=:-", QmailReceivedHeader.safe("AZaz09.@%+/=:-"));
    }

    private List<String> lines(String localHost) {
        return new QmailReceivedHeader("SMTP", localHost, CLOCK).lines(session());
    }

    /** Just what the header reads: connection attachments and the two addresses. */
    private SMTPSession session() {
        return (SMTPSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {SMTPSession.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getAttachment" -> args[1] == State.Connection
                    ? ((AttachmentKey<?>) args[0]).convert(connection.get(args[0]))
                    : Optional.empty();
                case "getRemoteAddress" -> new InetSocketAddress("192.0.2.1", 40000);
                case "getLocalAddress" -> new InetSocketAddress("192.0.2.25", 25);
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }
}

package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: relaying for a client on loopback follows the configured networks. */
class NetworkRelayPolicyIT {

    @RegisterExtension
    static final TesseraServer server = new TesseraServer();

    @Test
    void aClientOfAConfiguredNetworkMayRelay() throws Exception {
        server.configure(NetworkRelayPolicy.PID, "networks = 192.0.2.0/24\n");
        server.awaitComponent(NetworkRelayPolicy.class.getName());
        assertTrue(rcptElsewhere().startsWith("553"), "127.0.0.1 is not in 192.0.2.0/24: rcpthosts decides");

        server.configure(NetworkRelayPolicy.PID, "networks = 127.0.0.0/8\n");
        String reply = rcptElsewhere();
        for (int attempt = 0; !reply.startsWith("250") && attempt < 50; attempt++) {
            Thread.sleep(200);
            reply = rcptElsewhere();
        }
        assertTrue(reply.startsWith("250"), "127.0.0.1 may relay once its network is configured: " + reply);
    }

    private static String rcptElsewhere() {
        try (SmtpClient smtp = server.smtp()) {
            smtp.command("HELO client.test");
            smtp.command("MAIL FROM:<ann@example.com>");
            return smtp.command("RCPT TO:<friend@elsewhere.test>");
        }
    }
}

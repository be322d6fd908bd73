package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: the HELO and MAIL hooks answer in an SMTP session. */
class ForgeryCheckIT {

    @RegisterExtension
    static final TesseraServer server = new TesseraServer()
            .etc(ForgeryCheck.PID + ".cfg", "ownNames = " + TesseraServer.ME + "\nprotectedDomains = example.com\n");

    @Test
    void refusesForgedHeloAndSender() throws Exception {
        server.awaitComponent(ForgeryCheck.class.getName());
        try (SmtpClient smtp = server.smtp()) {
            String helo = smtp.command("HELO " + TesseraServer.ME);
            assertTrue(helo.startsWith("550 "), helo);
            assertTrue(smtp.command("HELO client.test").startsWith("250"));
            String forged = smtp.command("MAIL FROM:<ann@example.com>");
            assertTrue(forged.startsWith("553 "), forged);
            String outsider = smtp.command("MAIL FROM:<bob@example.org>");
            assertTrue(outsider.startsWith("250"), outsider);
        }
    }
}

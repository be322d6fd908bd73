package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: a message without Date is refused at DATA, one with it is delivered tagged. */
class RequiredHeaderFilterIT {

    @RegisterExtension
    static final TesseraServer server = new TesseraServer()
            // The SMTP listener's configuration as shipped, with message filters on (they are off by default).
            .etc("org.tessera.smtp-main.cfg", "name = smtp\nport = ${tessera.smtp.port}\nbind = ${tessera.bind}\n"
                    + "messageFilters = true\n");

    @Test
    void refusesWhatLacksAFieldAndDeliversTheRest() throws Exception {
        server.awaitComponent(RequiredHeaderFilter.class.getName());
        try (SmtpClient smtp = server.smtp()) {
            String refused = smtp.send("ann@example.org", List.of("postmaster@example.com"),
                    "From: ann@example.org\nSubject: no date\n\nhello\n");
            assertTrue(refused.startsWith("554 "), refused);
        }
        try (SmtpClient smtp = server.smtp()) {
            String accepted = smtp.send("ann@example.org", List.of("postmaster@example.com"),
                    "From: ann@example.org\nDate: Mon, 7 Dec 2026 10:00:00 +0000\nSubject: complete\n\nhello\n");
            assertTrue(accepted.startsWith("250 "), accepted);
        }
        String delivered = server.awaitMessages("alias/Maildir", 1).get(0);
        assertTrue(delivered.contains("X-Header-Check: passed\n") && delivered.contains("Subject: complete\n"), delivered);
    }
}

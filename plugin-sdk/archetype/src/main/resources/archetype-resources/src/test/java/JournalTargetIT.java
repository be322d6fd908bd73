package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: mail for an address whose .qmail file says +journal:TAG is journalled. */
class JournalTargetIT {

    private static final Path JOURNAL = Path.of("target", "journal.log").toAbsolutePath();

    @RegisterExtension
    static final TesseraServer server = new TesseraServer()
            .etc(JournalTarget.PID + ".cfg", "file = " + JOURNAL + "\n");

    @Test
    void mailToAJournalLineIsJournalledAndDelivered() throws Exception {
        Files.deleteIfExists(JOURNAL);
        // The alias user's .qmail-alerts: the journal line, then the alias user's Maildir.
        server.writeDotQmail("alias/.qmail-alerts", "+journal:alerts\n./Maildir/\n");

        try (SmtpClient smtp = server.smtp()) {
            String reply = smtp.send("monitor@example.org", List.of("alerts@example.com"),
                    "Subject: disk full\n\nsda1 at 99%\n");
            assertTrue(reply.startsWith("250"), reply);
        }

        assertTrue(server.awaitLocalDelivery("alerts@example.com").startsWith("success:"), server.mailLog());
        List<String> lines = Files.readAllLines(JOURNAL);
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(" alerts ") && lines.get(0).contains(" <alerts@example.com> "), lines.get(0));
        assertTrue(server.awaitMessages("alias/Maildir", 1).get(0).contains("Subject: disk full\n"));
    }
}

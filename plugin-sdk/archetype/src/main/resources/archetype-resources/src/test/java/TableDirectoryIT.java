package ${package};

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: an address only the table knows is delivered to the user it names. */
class TableDirectoryIT {

    @RegisterExtension
    static final TesseraServer server = new TesseraServer();

    @Test
    void mailForATableAddressReachesItsUser() throws Exception {
        // The table's user: a home with a Maildir under the server's, of the account the alias user runs as.
        Path home = server.makeHome("sales");
        Object uid = Files.getAttribute(home, "unix:uid");
        Object gid = Files.getAttribute(home, "unix:gid");
        server.writeDotQmail("sales/.qmail-europe", "./Maildir/\n");
        server.configure(TableDirectory.PID, "users = sales@example.com:sales:" + uid + ":" + gid + ":" + home + "\n");
        server.awaitComponent(TableDirectory.class.getName());

        try (SmtpClient smtp = server.smtp()) {
            String reply = smtp.send("buyer@example.org", List.of("sales-europe@example.com"), "Subject: an order\n\n3 boxes\n");
            assertTrue(reply.startsWith("250"), reply);
        }

        assertTrue(server.awaitLocalDelivery("sales-europe@example.com").startsWith("success:"), server.mailLog());
        assertTrue(server.awaitMessages("sales/Maildir", 1).get(0).contains("Subject: an order\n"));
    }
}

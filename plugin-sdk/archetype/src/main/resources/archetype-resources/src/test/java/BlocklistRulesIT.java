package ${package};

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.testkit.server.SmtpClient;
import org.tessera.testkit.server.TesseraServer;

/** The plugin in the real server: a blocked client's connection is dropped before any greeting. */
class BlocklistRulesIT {

    @RegisterExtension
    static final TesseraServer server = new TesseraServer();

    @Test
    void aBlockedClientGetsNoGreeting() throws Exception {
        server.configure(BlocklistRules.PID, "blocked = 192.0.2.7\n");
        server.awaitComponent(BlocklistRules.class.getName());
        try (SmtpClient smtp = server.smtp()) {
            assertTrue(smtp.greeting().startsWith("220"), smtp.greeting());
        }

        server.configure(BlocklistRules.PID, "blocked = 127.0.0.1\nlisteners = smtp\n");
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline && greeted()) {
            Thread.sleep(200);
        }
        assertThrows(UncheckedIOException.class, () -> server.smtp().close(), "127.0.0.1 is blocked now");
    }

    private static boolean greeted() {
        try (SmtpClient smtp = server.smtp()) {
            return true;
        } catch (UncheckedIOException dropped) {
            return false;
        }
    }
}

package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.tessera.api.policy.ConnectionDecision;
import org.tessera.api.policy.ConnectionRules;

/**
 * Connection rules are plugged in and out while the SMTP listener runs: a rules service ranked above
 * tcprules (a blocklist) decides the next connection as soon as it is registered, passes the
 * connections it has no opinion on to tcprules, and once it is gone the listener answers as before,
 * with no restart of anything.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ConnectionRulesSwapIT {

    @Inject
    BundleContext context;

    private volatile boolean blocked;

    @Configuration
    public Option[] config() throws IOException {
        return ExamDistribution.options("rules-swap-home");
    }

    @Test
    public void aBlocklistRankedAboveTcprulesIsAskedFromItsRegistrationToItsRemoval() throws Exception {
        int port = Integer.parseInt(System.getProperty("tessera.smtp.port"));
        ExamDistribution.awaitTrue(() -> listening(port));

        List<String> asked = new CopyOnWriteArrayList<>();
        ConnectionRules blocklist = client -> {
            asked.add(client.listener() + " " + client.remoteIp());
            return blocked ? ConnectionDecision.DENY : ConnectionDecision.NO_OPINION;
        };
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(Constants.SERVICE_RANKING, ConnectionRules.TCPRULES_RANKING + 100);
        ServiceRegistration<ConnectionRules> registration =
                context.registerService(ConnectionRules.class, blocklist, properties);
        try {
            blocked = true;
            assertEquals("denied: closed without a word", "", greeting(port));
            blocked = false;
            assertTrue("no opinion: tcprules lets it in", greeting(port).startsWith("220 "));
            assertEquals(List.of("smtp 127.0.0.1", "smtp 127.0.0.1"), asked);
        } finally {
            registration.unregister();
        }
        blocked = true;
        assertTrue("gone: not asked any more", greeting(port).startsWith("220 "));
        assertEquals(2, asked.size());
    }

    // Until the listener is up, a connection is refused.
    private static boolean listening(int port) {
        try {
            return greeting(port).startsWith("220 ");
        } catch (IOException notYet) {
            return false;
        }
    }

    // The first line the server sends, or "" when it closes the connection first.
    private static String greeting(int port) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.append((char) b);
            }
            return line.toString();
        }
    }
}

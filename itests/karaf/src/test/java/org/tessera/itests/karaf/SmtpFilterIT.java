package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.Commands.Result;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * Message filters at the end of DATA (issue 4, beyond qmail): a second SMTP listener configured
 * with {@code messageFilters = true} fails closed with 451 while no filter runs; then the SDK's
 * example filter is deployed into the running server with three rules from typed {@code etc/}
 * files, and the chain is asked highest ranking first: an accepting rule's header field lands at
 * the top of the queued message, the first refusal ends the chain with the rule's own reply, and
 * nothing refused is queued. The shipped listener, which does not filter, never asks them.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SmtpFilterIT {

    private static final String NO_FILTER = "451 no message filter is running; try again later (#4.3.0)\r\n";

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("smtp-filter-home");

    private static int filteredPort;

    @BeforeClass
    public static void addFilteringListenerAndRules() throws Exception {
        filteredPort = TestHome.freePort();
        Path etc = smtp.commands.home.resolve("etc");
        Files.writeString(etc.resolve("org.tessera.smtp-filtered.cfg"),
                "name = filtered\nport = " + filteredPort + "\nbind = 127.0.0.1\nmessageFilters = true\n");
        // Typed files, so that service.ranking arrives as an Integer.
        rule(etc, "defer", "pattern = \"later\"\naction = \"defer\"\ntext = \"filter says later (#4.7.1)\"\n", 30);
        rule(etc, "tag", "pattern = \"pills|lunch\"\naction = \"tag\"\nheader = \"X-Subject-Rule: tagged\"\n", 20);
        rule(etc, "reject", "pattern = \"pills\"\naction = \"reject\"\n", 10);
        awaitListening(filteredPort);
    }

    private static void rule(Path etc, String name, String properties, int ranking) throws Exception {
        Files.writeString(etc.resolve("org.tessera.example.subjectfilter-" + name + ".cfg"),
                properties + "service.ranking = I\"" + ranking + "\"\n");
    }

    @Test
    public void a_withoutAFilterTheFilteringListenerDefersAndTheOtherQueues() throws Exception {
        try (SmtpClient c = SmtpClient.greeted(filteredPort)) {
            assertEquals("250 ok\r\n", c.command("MAIL FROM:<a@b.test>"));
            assertEquals("250 ok\r\n", c.command("RCPT TO:<unfiltered@example.com>"));
            assertEquals(NO_FILTER, c.command("DATA"));
            assertEquals("250 flushed\r\n", c.command("RSET"));
        }
        smtp.assertNotQueued("unfiltered@example.com");
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("a@b.test", List.of("plain@example.com"), "Subject: pills\r\n\r\nx\r\n"));
        }
        smtp.queuedTo("plain@example.com");
    }

    @Test
    public void b_theChainIsAskedHighestRankingFirst() throws Exception {
        String jar = Path.of(System.getProperty("tessera.example.filter.jar")).toAbsolutePath().toString();
        smtp.ctl("bundle:install", "-s", "file:" + jar);
        awaitFilters(3);

        // Accepted by every rule, tagged by the one at 20: the field comes first, above the Received line.
        try (SmtpClient c = SmtpClient.greeted(filteredPort)) {
            SmtpHome.assertQueued(c.transaction("a@b.test", List.of("lunch@example.com"),
                    "Subject: lunch\r\n\r\nbody\r\n"));
        }
        Message lunch = smtp.queuedTo("lunch@example.com");
        Result show = smtp.commands.tessera(60, "ctl", "queue-show", Long.toString(lunch.id()));
        assertEquals(show.toString(), 0, show.exit());
        assertTrue(show.out(), show.out().matches("(?s).*\nheader:\n"
                + "  Received: \\(qmail \\d+ invoked from network\\); [^\n]+\n"
                + "  X-Subject-Rule: tagged\n"
                + "  Received: from unknown \\(127\\.0\\.0\\.1\\)\n    by mx\\.tessera\\.test with SMTP; [^\n]+\n"
                + "  Subject: lunch\n.*"));

        // Tagged at 20, then rejected at 10: the first refusal ends the chain.
        try (SmtpClient c = SmtpClient.greeted(filteredPort)) {
            assertEquals("554 sorry, your message was refused by a content rule (#5.7.1)\r\n",
                    c.transaction("a@b.test", List.of("pills@example.com"), "Subject: cheap pills\r\n\r\nx\r\n"));
            // The session goes on after a refusal.
            assertEquals("451 filter says later (#4.7.1)\r\n",
                    c.transaction("a@b.test", List.of("later@example.com"), "Subject: pills later\r\n\r\nx\r\n"));
        }
        smtp.assertNotQueued("pills@example.com");
        smtp.assertNotQueued("later@example.com");

        // The shipped listener does not filter.
        try (SmtpClient c = SmtpClient.greeted(smtp.port)) {
            SmtpHome.assertQueued(c.transaction("a@b.test", List.of("plain-pills@example.com"),
                    "Subject: cheap pills\r\n\r\nx\r\n"));
        }
        smtp.queuedTo("plain-pills@example.com");
    }

    @Test
    public void c_databytesStillComesBeforeTheFilters() throws Exception {
        Files.writeString(smtp.control.resolve("databytes"), "200\n");
        try (SmtpClient c = SmtpClient.greeted(filteredPort)) {
            assertEquals("552 sorry, that message size exceeds my databytes limit (#5.3.4)\r\n",
                    c.transaction("a@b.test", List.of("big@example.com"), "Subject: lunch\r\n\r\n" + "x".repeat(300) + "\r\n"));
        } finally {
            Files.delete(smtp.control.resolve("databytes"));
        }
        smtp.assertNotQueued("big@example.com");
    }

    private static void awaitFilters(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Result listed;
        do {
            listed = smtp.commands.tessera(60, "ctl", "plugins", "MessageFilter");
            if (listed.out().lines().filter(l -> l.contains("org.tessera.example.subject-filter")).count() == count) {
                return;
            }
            Thread.sleep(300);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(count + " message filters within 60 s: " + listed);
    }

    private static void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (SmtpClient c = SmtpClient.greeted(port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no listener on " + port + " within 60 s", notYet);
                }
                Thread.sleep(300);
            }
        }
    }
}

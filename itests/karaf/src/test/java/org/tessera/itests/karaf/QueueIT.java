package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
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
import org.tessera.api.control.ControlFiles;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueueAdmin;

/**
 * The queue in the distribution (issue 3): a message injected through the API waits while the
 * queue is paused, {@code qmail:queue} shows it, {@code qmail:cont} lets it go to a LOCAL
 * DeliveryChannel registered by this test, and the mail log has qmail-send's lines.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class QueueIT {

    @Inject
    BundleContext context;

    @Inject
    SessionFactory sessionFactory;

    @Inject
    ControlFiles control;

    @Inject
    MailQueue queue;

    @Inject
    QueueAdmin admin;

    @Configuration
    public Option[] config() throws IOException {
        return ExamDistribution.options("queue-home");
    }

    @Test
    public void pausedMessageIsListedThenDeliveredThroughTheLocalChannelAndLogged() throws Exception {
        String me = control.me().orElseThrow();
        // No probe line first: what the queue writes before the mail-log service is up waits for it.
        Path current = Path.of(System.getProperty("tessera.home"), "log", "current");
        ExamDistribution.execute(sessionFactory, "qmail:pause");
        byte[] body = "Subject: queue itest\n\nhello\n".getBytes(StandardCharsets.US_ASCII);
        Envelope envelope = new Envelope(new MailAddress("sender", "example.org"),
                List.of(new MailAddress("postmaster", me)));
        InjectResult result = queue.inject(envelope, Origin.NETWORK, new ByteArrayInputStream(body))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertEquals(result.toString(), InjectResult.Outcome.OK, result.outcome());
        long id = result.messageId();

        String listing = ExamDistribution.execute(sessionFactory, "qmail:queue");
        assertTrue(listing, listing.contains(Long.toString(id)) && listing.contains("postmaster@" + me));

        List<String> delivered = new CopyOnWriteArrayList<>();
        DeliveryChannel local = (messageId, sender, recipient, content) ->
                CompletableFuture.completedFuture(record(delivered, messageId, recipient, content));
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(DeliveryChannel.CHANNEL, "LOCAL");
        // Above the distribution's own LOCAL channel, which the queue would use otherwise.
        properties.put(Constants.SERVICE_RANKING, 100);
        ServiceRegistration<DeliveryChannel> registration =
                context.registerService(DeliveryChannel.class, local, properties);
        try {
            // The channel's arrival wakes the scheduler; status() runs on its one thread after that pass.
            assertTrue(admin.status().paused());
            assertTrue("nothing delivered while paused: " + delivered, delivered.isEmpty());
            ExamDistribution.execute(sessionFactory, "qmail:cont");
            ExamDistribution.awaitTrue(() -> !delivered.isEmpty());
            assertEquals(List.of(id + " postmaster@" + me + " hello"), delivered);
            ExamDistribution.awaitTrue(() -> messages().isEmpty());
        } finally {
            registration.unregister();
        }

        ExamDistribution.awaitTrue(() -> Files.exists(current) && read(current).contains("end msg " + id));
        String log = read(current);
        for (String line : List.of("new msg " + id, "info msg " + id + ": bytes ",
                "starting delivery ", ": msg " + id + " to local postmaster@" + me, ": success: ", "end msg " + id)) {
            assertTrue("log has '" + line + "':\n" + log, log.contains(line));
        }
    }

    private static DeliveryReport record(List<String> delivered, long id, MailAddress recipient, MessageContent content) {
        try (InputStream in = content.open()) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            delivered.add(id + " " + recipient.text() + " "
                    + text.substring(text.lastIndexOf('\n', text.length() - 2) + 1).strip());
            return new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did_1+0+0/");
        } catch (IOException e) {
            return new DeliveryReport(DeliveryReport.Outcome.TEMPORARY, e.toString());
        }
    }

    private List<?> messages() {
        try {
            return admin.messages();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

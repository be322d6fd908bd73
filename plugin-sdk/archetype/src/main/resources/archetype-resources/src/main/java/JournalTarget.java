package ${package};

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;

/**
 * A delivery target of a kind of its own: the {@code .qmail} line {@code +journal:TAG} appends one line per
 * message to the operator's journal file (time, tag, message number, sender, recipient, size), and the
 * delivery goes on with the file's next line.
 *
 * <p>It runs inside the server (it is not a {@code UserProcessTarget}), so it writes only where the operator
 * said, never into a user's home. Tessera calls it on several worker threads at once.
 */
@Component(service = DeliveryTarget.class, configurationPid = JournalTarget.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@DeliveryKind("journal")
@Designate(ocd = JournalTargetConfiguration.class)
public final class JournalTarget implements DeliveryTarget {

    /** The configuration's PID: {@code etc/PID.cfg} in Tessera's home. */
    static final String PID = "${package}.journal";

    private Path journal;

    @Activate
    void activate(JournalTargetConfiguration config) {
        Path file = Path.of(config.file());
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("file must be an absolute path: " + config.file());
        }
        journal = file;
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        String tag = delivery.arguments().get(0).isEmpty() ? "-" : delivery.arguments().get(0);
        String line = String.join(" ", Instant.now().toString(), tag, Long.toString(delivery.messageId()),
                "<" + delivery.sender().text() + ">", "<" + delivery.recipient().text() + ">",
                Long.toString(delivery.content().size())) + "\n";
        try {
            // One write per line, under a lock: lines of deliveries running at once never interleave.
            synchronized (this) {
                Files.writeString(journal, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            return new DeliveryResult(DeliveryResult.Outcome.SUCCESS, "journal " + tag);
        } catch (IOException e) {
            // Temporary: the message stays queued and is tried again once the operator fixed the file.
            return new DeliveryResult(DeliveryResult.Outcome.TEMPORARY,
                    "Unable to write the journal " + journal + ": " + e.getMessage() + ". (#4.3.0)");
        }
    }
}

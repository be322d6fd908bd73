package org.tessera.delivery.forward.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryKind;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;

/**
 * The forward lines of a {@code .qmail} file (dot-qmail(5)): one injection of {@code DTLINE} and the
 * message, from {@code NEWSENDER}, to every forward address, waiting for the queue's commit. Forwarding needs
 * no user privileges, so this target runs in the server even when deliveries run as the user.
 */
@Component(service = DeliveryTarget.class, configurationPid = ForwardTarget.PID)
@DeliveryKind(DeliveryTarget.FORWARD)
@Designate(ocd = ForwardTargetConfiguration.class)
public final class ForwardTarget implements DeliveryTarget {

    static final String PID = "org.tessera.delivery.forward";
    static final String DEFAULT_ALIAS_USER = "alias";
    static final String NO_QUEUE = "qq trouble creating files in queue (#4.3.0)";

    // Looked up when a forward is delivered, not a DS reference: the queue asks the LOCAL channel, which
    // asks this target, so a reference to the queue closes a cycle; at start-up SCR could fail to get the
    // queue for it once and never try again, and every forward deferred until a restart (a tracker that
    // gets the service as it appears closes the same cycle). When a forward is delivered the queue is
    // up: it is what delivers. Without one, forwards defer.
    volatile QueueAccess queue = use -> use.apply(null);

    /** Runs a delivery with the queue registered now, or with null when there is none. */
    @FunctionalInterface
    interface QueueAccess {
        DeliveryResult with(Function<MailQueue, DeliveryResult> use);
    }

    private volatile String aliasUser = DEFAULT_ALIAS_USER;

    @Activate
    void activate(BundleContext context, ForwardTargetConfiguration config) {
        queue = use -> {
            ServiceReference<MailQueue> reference = context.getServiceReference(MailQueue.class);
            MailQueue current = reference == null ? null : context.getService(reference);
            try {
                return use.apply(current);
            } finally {
                if (current != null) {
                    context.ungetService(reference);
                }
            }
        };
        configure(config);
    }

    @Modified
    void configure(ForwardTargetConfiguration config) {
        aliasUser = config.aliasUser();
    }


    @Override
    public DeliveryResult deliver(Delivery delivery) {
        return queue.with(current -> deliver(delivery, current));
    }

    private DeliveryResult deliver(Delivery delivery, MailQueue current) {
        if (current == null) {
            return new DeliveryResult(Outcome.TEMPORARY, "Unable to forward message: " + NO_QUEUE + ".\n");
        }
        List<MailAddress> recipients = delivery.arguments().stream().map(MailAddress::parse).toList();
        // qmail-queue tells the alias user's forwards by the alias uid, Tessera by the alias user's name.
        Origin.Kind kind = delivery.user().user().equals(aliasUser) ? Origin.Kind.ALIAS : Origin.Kind.USER;
        byte[] dtLine = delivery.environment().get(Delivery.ENV_DTLINE).getBytes(StandardCharsets.UTF_8);
        InputStream content;
        try {
            content = new SequenceInputStream(new ByteArrayInputStream(dtLine), delivery.content().open());
        } catch (IOException e) {
            return new DeliveryResult(Outcome.TEMPORARY, "Unable to read message: " + e.getMessage() + ". (#4.3.0)\n");
        }
        // The queue's stage never completes exceptionally; the worker thread may block on it.
        InjectResult injected = current.inject(new Envelope(delivery.newSender(), recipients),
                new Origin(kind, delivery.user().uid()), content).toCompletableFuture().join();
        return switch (injected.outcome()) {
            case OK -> new DeliveryResult(Outcome.SUCCESS, "qp " + injected.qp() + "\n");
            case PERMANENT -> new DeliveryResult(Outcome.PERMANENT, failure(injected));
            case TEMPORARY -> new DeliveryResult(Outcome.TEMPORARY, failure(injected));
        };
    }

    // qmail-local: "Unable to forward message: " + the qq text after its D/Z letter + "."
    private static String failure(InjectResult injected) {
        String text = injected.text().strip();
        while (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return "Unable to forward message: " + text + ".\n";
    }
}

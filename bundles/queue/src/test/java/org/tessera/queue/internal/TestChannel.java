package org.tessera.queue.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.DeliveryReport;

/**
 * A real delivery channel for tests: records every call and answers by a scripted rule; a rule
 * answering null holds the stage open until {@link #releaseAll} or {@link Call#answer}.
 */
final class TestChannel implements DeliveryChannel {

    static final DeliveryReport OK = new DeliveryReport(DeliveryReport.Outcome.SUCCESS, "did 1+0+0\n");

    /** One delivery the queue asked for. */
    record Call(long messageId, MailAddress sender, MailAddress recipient, CompletableFuture<DeliveryReport> stage,
            AtomicInteger inFlight) {
        // Counted out before the stage completes: the queue may start the next delivery from
        // inside complete(), before a callback registered on the stage would run.
        void answer(DeliveryReport report) {
            if (!stage.isDone()) {
                inFlight.decrementAndGet();
                stage.complete(report);
            }
        }

        String to() {
            return recipient.text();
        }
    }

    private static final AtomicInteger SERVICE_IDS = new AtomicInteger(1000);

    final List<Call> calls = new ArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final Function<Call, DeliveryReport> rule;
    private final Map<String, Object> properties;

    TestChannel(Channel channel, Function<Call, DeliveryReport> rule) {
        this.rule = rule;
        this.properties = Map.of(DeliveryChannel.CHANNEL, channel.name(), "service.id", (long) SERVICE_IDS.incrementAndGet());
    }

    Map<String, Object> properties() {
        return properties;
    }

    @Override
    public CompletionStage<DeliveryReport> deliver(long messageId, MailAddress sender, MailAddress recipient,
            MessageContent content) {
        CompletableFuture<DeliveryReport> stage = new CompletableFuture<>();
        Call call = new Call(messageId, sender, recipient, stage, inFlight);
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        synchronized (calls) {
            calls.add(call);
        }
        DeliveryReport report = rule.apply(call);
        if (report != null) {
            call.answer(report);
        }
        return stage;
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    void releaseAll(DeliveryReport report) {
        calls().forEach(c -> c.answer(report));
    }
}

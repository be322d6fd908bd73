package org.tessera.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;

/**
 * A delivery target for tests: records every delivery, appends DTLINE and the message to the file its
 * argument names (relative to the home) when asked to, and answers by a rule.
 */
final class RecordingTarget implements DeliveryTarget {

    static final DeliveryResult OK = new DeliveryResult(DeliveryResult.Outcome.SUCCESS, "");

    final String kind;
    final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final Function<Delivery, DeliveryResult> rule;
    private final boolean writes;

    private RecordingTarget(String kind, boolean writes, Function<Delivery, DeliveryResult> rule) {
        this.kind = kind;
        this.writes = writes;
        this.rule = rule;
    }

    /** Appends DTLINE and the message to home/argument, then succeeds. */
    static RecordingTarget writing(String kind) {
        return new RecordingTarget(kind, true, d -> OK);
    }

    static RecordingTarget answering(String kind, Function<Delivery, DeliveryResult> rule) {
        return new RecordingTarget(kind, false, rule);
    }

    static RecordingTarget answering(String kind, DeliveryResult.Outcome outcome, String text) {
        return answering(kind, d -> new DeliveryResult(outcome, text));
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        deliveries.add(delivery);
        if (writes) {
            Path file = Path.of(delivery.user().home()).resolve(delivery.arguments().get(0));
            try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    InputStream in = delivery.content().open()) {
                out.write(delivery.environment().get(Delivery.ENV_DTLINE).getBytes(StandardCharsets.UTF_8));
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rule.apply(delivery);
    }

    List<String> arguments() {
        return deliveries.stream().map(d -> String.join(",", d.arguments())).toList();
    }
}

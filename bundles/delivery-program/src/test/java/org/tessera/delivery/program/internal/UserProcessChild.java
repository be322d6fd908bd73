package org.tessera.delivery.program.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ServiceLoader;

import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryTarget;

/**
 * What the root-mode delivery child does, in a JVM of its own with no OSGi jar on the class path: finds the
 * target through ServiceLoader and runs one delivery in the home named by the argument.
 */
public final class ServiceLoaderChild {

    private ServiceLoaderChild() {
    }

    public static void main(String[] args) {
        DeliveryTarget target = ServiceLoader.load(DeliveryTarget.class).findFirst().orElseThrow();
        DeliveryResult result = target.deliver(Deliveries.of(Path.of(args[0]), "echo \"$USER $(cat)\"",
                Deliveries.bytes("the message".getBytes(StandardCharsets.US_ASCII))));
        System.out.print(target.getClass().getName() + " " + result.outcome() + " " + result.text());
    }
}

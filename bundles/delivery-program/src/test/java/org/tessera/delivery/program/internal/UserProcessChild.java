package org.tessera.delivery.program.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.UserProcessTarget;
import org.tessera.testkit.TestMessage;

/**
 * What a root-mode user process does with a target, in a JVM of its own with no OSGi jar on the class
 * path: makes it with its no-argument constructor, hands it its configuration as text, and runs one
 * delivery in the home named by the first argument.
 */
public final class UserProcessChild {

    private UserProcessChild() {
    }

    public static void main(String[] args) throws ReflectiveOperationException {
        UserProcessTarget target = (UserProcessTarget) Class.forName(args[1]).getConstructor().newInstance();
        target.configure(Map.of("path", args[2]));
        DeliveryResult result = target.deliver(Deliveries.of(Path.of(args[0]), "echo \"$USER $PATH $(cat)\"",
                TestMessage.of("the message".getBytes(StandardCharsets.US_ASCII))));
        System.out.print(target.getClass().getName() + " " + result.outcome() + " " + result.text());
    }
}

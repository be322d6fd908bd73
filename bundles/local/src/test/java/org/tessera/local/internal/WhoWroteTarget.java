package org.tessera.local.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.UserProcessTarget;

/**
 * A file target for the user processes of {@link UserProcessesTest}: writes, at the path of the
 * instruction (relative to the home), who wrote it (uid and pid of the process, from
 * {@code /proc/self}, and the {@code label} it was configured with) and then the message; an
 * argument naming {@code sleep} waits that long first, so a test can kill the process mid-delivery.
 */
public final class WhoWroteTarget implements UserProcessTarget {

    private volatile String label = "none";

    @Override
    public void configure(Map<String, String> configuration) {
        label = configuration.getOrDefault("label", "none");
    }

    @Override
    public DeliveryResult deliver(Delivery delivery) {
        String argument = delivery.arguments().get(0);
        try {
            if (argument.contains("sleep")) {
                Thread.sleep(60_000);
            }
            Path file = Path.of(delivery.user().home()).resolve(argument);
            try (OutputStream out = Files.newOutputStream(file); InputStream message = delivery.content().open()) {
                out.write(("uid=" + Files.getAttribute(Path.of("/proc/self"), "unix:uid") + " label=" + label
                        + " pid=" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8));
                message.transferTo(out);
            }
            return new DeliveryResult(DeliveryResult.Outcome.SUCCESS, "");
        } catch (IOException e) {
            return new DeliveryResult(DeliveryResult.Outcome.TEMPORARY, "cannot write: " + e + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DeliveryResult(DeliveryResult.Outcome.TEMPORARY, "interrupted\n");
        }
    }
}

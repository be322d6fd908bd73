package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.osgi.util.converter.Converters;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.testkit.MemoryControlFiles;
import org.tessera.testkit.MutableClock;

/** A QueueService with its scheduler, built as SCR would, over a moving clock and a captured mail log. */
final class SchedulerFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2024-03-01T12:00:00Z");

    final MemoryControlFiles controls;
    final MutableClock clock;
    // Copy-on-write: tests stream it while the scheduler's threads append.
    final List<String> log = new CopyOnWriteArrayList<>();
    final QueueService queue = new QueueService();
    private boolean closed;

    /** {@code keyValues}: further configuration of the queue service, as in {@link TestQueues#activate}. */
    SchedulerFixture(Path home, MemoryControlFiles controls, MutableClock clock, Object... keyValues) {
        try {
            Files.createDirectories(home.resolve("queue"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.controls = controls;
        this.clock = clock;
        queue.control = controls;
        queue.clock = clock;
        queue.mailLog = line -> log.add(line.text());
        Map<String, Object> config = new HashMap<>();
        config.put("home", home.toString());
        config.put("workerThreads", 4);
        for (int i = 0; i < keyValues.length; i += 2) {
            config.put((String) keyValues[i], keyValues[i + 1]);
        }
        queue.activate(Converters.standardConverter().convert(config).to(QueueServiceConfiguration.class));
    }

    long inject(MailAddress sender, String... recipients) throws Exception {
        List<MailAddress> to = new ArrayList<>();
        for (String r : recipients) {
            to.add(MailAddress.parse(r));
        }
        InjectResult result = queue.inject(new Envelope(sender, to), Origin.NETWORK,
                new ByteArrayInputStream("Subject: test\n\nhello\n".getBytes(StandardCharsets.UTF_8)))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(InjectResult.Outcome.OK, result.outcome(), result.text());
        return result.messageId();
    }

    void bind(TestChannel channel) {
        queue.bindChannel(channel, channel.properties());
    }

    void unbind(TestChannel channel) {
        queue.unbindChannel(channel, channel.properties());
    }

    /** The mail log from the first {@code new msg} on: what precedes it depends on start-up timing. */
    List<String> logFromFirstMessage() {
        List<String> copy = List.copyOf(log);
        for (int i = 0; i < copy.size(); i++) {
            if (copy.get(i).startsWith("new msg")) {
                return copy.subList(i, copy.size());
            }
        }
        return List.of();
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    boolean queueEmpty() {
        return queue.status().messages() == 0;
    }

    @Override
    public void close() throws InterruptedException {
        if (!closed) {
            closed = true;
            queue.deactivate();
        }
    }
}

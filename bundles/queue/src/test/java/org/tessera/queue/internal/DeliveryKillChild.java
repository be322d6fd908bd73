package org.tessera.queue.internal;

import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import org.osgi.util.converter.Converters;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.Channel;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueueStatus;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.testkit.MemoryControlFiles;

/**
 * The process the delivery kill test kills: the queue with its scheduler on home
 * {@code args[0]}, every recipient and every bounce local and delivered by a
 * {@link FileDelivery} into {@code <home>/deliveries}. Prints {@code RECOVERED <damaged>} once
 * recovery is done, and the channel's {@code BEGIN}/{@code END} lines. Mode {@code load}
 * ({@code args[1]}) then injects from {@code args[2]} threads until killed, printing
 * {@code INJECT <seed>} before each injection and {@code ACK <id> <seed>} after it is
 * acknowledged. Mode {@code drain} injects nothing, waits until the queue is empty, prints
 * {@code EMPTY} and exits 0. Every line is flushed before the next step.
 */
public final class DeliveryKillChild {

    private DeliveryKillChild() {
    }

    /**
     * One to three recipients chosen by the seed, each {@code ok<i>-<seed>} (delivered) or
     * {@code fail<i>-<seed>} (failed for good), from {@code s<seed>@example.com}, which gets the bounce.
     */
    static Envelope envelope(long seed) {
        Random random = new Random(seed);
        List<MailAddress> recipients = new ArrayList<>();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String kind = random.nextInt(3) == 0 ? "fail" : "ok";
            recipients.add(new MailAddress(kind + i + "-" + seed, "example.org"));
        }
        return new Envelope(sender(seed), recipients);
    }

    static MailAddress sender(long seed) {
        return new MailAddress("s" + seed, "example.com");
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "US-ASCII");
        Path home = Path.of(args[0]);
        boolean load = args[1].equals("load");
        int threads = load ? Integer.parseInt(args[2]) : 0;
        Files.createDirectories(home.resolve("queue"));
        QueueService queue = new QueueService();
        queue.control = new MemoryControlFiles().locals("example.org", "example.com");
        // On the child's stderr, which the run keeps beside the queue for a round that goes wrong.
        queue.mailLog = line -> System.err.println(line.text());
        // Bound before activation, as SCR binds a greedy dynamic reference: deliveries start with the scheduler.
        FileDelivery channel = new FileDelivery(home.resolve("deliveries"), out);
        queue.bindChannel(channel, Map.of(DeliveryChannel.CHANNEL, Channel.LOCAL.name(), "service.id", 1L));
        Map<String, Object> config = new HashMap<>();
        config.put("home", home.toString());
        // Room beside the injectors for the bounces, which the scheduler injects through the same workers.
        config.put("workerThreads", threads * 2 + 2);
        // Small log segments, so that kills also land while segments are switched and unlinked.
        config.put("logSegmentBytes", 256L << 10);
        queue.activate(Converters.standardConverter().convert(config).to(QueueServiceConfiguration.class));
        QueueStore store = queue.store().get();
        out.println("RECOVERED " + store.corrupt());
        if (load) {
            for (int t = 0; t < threads; t++) {
                new Thread(() -> inject(queue, out)).start();
            }
            Thread.sleep(Long.MAX_VALUE);
        }
        // The store first: a message leaves it only after its bounce is in it, so once it is empty
        // nothing new can appear, and the scheduler's own view then shows what is still running.
        while (true) {
            if (store.committed().isEmpty()) {
                QueueStatus status = queue.status();
                if (status.messages() == 0 && status.localRunning() == 0 && status.remoteRunning() == 0) {
                    break;
                }
            }
            Thread.sleep(20);
        }
        out.println("EMPTY");
        queue.deactivate();
        channel.close();
        System.exit(0);
    }

    private static void inject(QueueService queue, PrintStream out) {
        try {
            while (true) {
                long seed = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
                out.println("INJECT " + seed);
                InjectResult result = queue.inject(envelope(seed), Origin.NETWORK,
                        new ByteArrayInputStream(KillMessages.content(seed))).toCompletableFuture().get();
                if (result.outcome() != InjectResult.Outcome.OK) {
                    out.println("FAIL " + result);
                    continue;
                }
                out.println("ACK " + result.messageId() + " " + seed);
                // Paced, so that the deliveries keep up with part of the load and a backlog still builds.
                Thread.sleep(ThreadLocalRandom.current().nextInt(4));
            }
        } catch (Exception e) {
            out.println("FAIL " + e);
        }
    }
}

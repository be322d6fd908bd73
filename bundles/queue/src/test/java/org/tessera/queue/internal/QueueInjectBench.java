package org.tessera.queue.internal;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;

/**
 * Injections/s of 4 KB messages at 1, 10 and 50 producers, group commit against one sync per
 * message, in one run on one filesystem; with a raw fsync rate for scale. Not a test: run it
 * with {@code bench/queue-inject.sh [dir] [seconds]}.
 */
public final class QueueInjectBench {

    private static final byte[] MESSAGE = message();
    private static final Envelope ENVELOPE = new Envelope(new MailAddress("bench", "example.com"),
            List.of(new MailAddress("rcpt", "example.org")));

    private QueueInjectBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/bench"));
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        System.out.printf("raw fsync (4 KB write + fdatasync, 1 thread): %.0f /s%n", rawFsync(dir, seconds));
        // Not counted: lets the JIT compile the injection path before the first row is measured.
        run(dir.resolve("warm-up"), 10, true, Math.max(1, seconds / 2));
        System.out.println("producers  group-commit/s  per-message-sync/s");
        for (int producers : new int[] {1, 10, 50}) {
            double group = run(dir.resolve("group-" + producers), producers, true, seconds);
            double single = run(dir.resolve("single-" + producers), producers, false, seconds);
            System.out.printf("%9d  %14.0f  %18.0f%n", producers, group, single);
        }
    }

    private static double run(Path home, int producers, boolean groupCommit, long seconds) throws Exception {
        // The previous point's dirty pages would otherwise be written back during this one.
        new ProcessBuilder("sync").inheritIO().start().waitFor();
        QueueService queue = TestQueues.activate(home, "groupCommit", groupCommit, "workerThreads", producers);
        queue.store().get();
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < end) {
                    InjectResult r = queue.inject(ENVELOPE, Origin.NETWORK, new ByteArrayInputStream(MESSAGE))
                            .toCompletableFuture().join();
                    if (r.outcome() == InjectResult.Outcome.OK) {
                        done.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        double rate = done.get() / ((System.nanoTime() - start) / 1e9);
        queue.deactivate();
        return rate;
    }

    private static double rawFsync(Path dir, long seconds) throws Exception {
        Path file = dir.resolve("raw-fsync");
        long count = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (System.nanoTime() < end) {
                out.write(ByteBuffer.wrap(MESSAGE));
                out.force(false);
                count++;
            }
        }
        Files.delete(file);
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static byte[] message() {
        byte[] body = new byte[4096];
        Arrays.fill(body, (byte) 'x');
        for (int i = 79; i < body.length; i += 80) {
            body[i] = '\n';
        }
        return body;
    }
}

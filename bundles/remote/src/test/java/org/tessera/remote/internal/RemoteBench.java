package org.tessera.remote.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * Remote deliveries per second to Postfix's smtp-sink found through dnsmasq, with a fixed number
 * in flight (concurrencyremote), driven straight through the channel as the queue drives it.
 * Prints one row per concurrency: deliveries/s, failures, peak JVM threads, RSS at the end.
 *
 * <p>Usage: {@code RemoteBench DIR DELIVERIES CONCURRENCY...}
 */
public final class RemoteBench {

    private RemoteBench() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        int deliveries = Integer.parseInt(args[1]);
        MessageContent content = Channels.content("Subject: bench\n\n" + "a line of about sixty characters of text for the bench run\n".repeat(64));
        // Two equal MXes, each an smtp-sink of its own: one connection per delivery uses up a
        // source port per (client, server) pair for TIME_WAIT's minute, and one pair has only ~28000.
        String[] sinks = {"127.0.0.3", "127.0.0.4"};
        int port = Tools.freePort(sinks);
        List<String> records = new ArrayList<>();
        List<AutoCloseable> running = new ArrayList<>();
        for (int i = 0; i < sinks.length; i++) {
            running.add(SmtpSink.start(sinks[i], port, dir.resolve("sink" + i + ".log")));
            records.add("mx-host=bench.test,mx" + i + ".bench.test,10");
            records.add("host-record=mx" + i + ".bench.test," + sinks[i]);
        }
        try (Dnsmasq dns = Dnsmasq.start(dir, records.toArray(String[]::new))) {
            RemoteChannel channel = Channels.start(new TestControls(), Map.of("dns", dns.address(), "port", port));
            try {
                // An unprinted warm-up round, so the JIT has compiled the path before the first row.
                run(channel, content, Math.min(2000, deliveries), 20, false);
                System.out.printf("%-12s %12s %9s %12s %8s%n", "concurrency", "deliveries/s", "failures", "peak threads", "RSS MB");
                for (int i = 2; i < args.length; i++) {
                    run(channel, content, deliveries, Integer.parseInt(args[i]), true);
                }
            } finally {
                channel.deactivate();
            }
        } finally {
            for (AutoCloseable c : running) {
                c.close();
            }
        }
    }

    private static void run(RemoteChannel channel, MessageContent content, int total, int concurrency, boolean print)
            throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        threads.resetPeakThreadCount();
        AtomicInteger started = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong finished = new AtomicLong();
        CompletableFuture<Void> all = new CompletableFuture<>();
        MailAddress sender = MailAddress.parse("bench@sender.test");
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            int n = started.getAndIncrement();
            if (n >= total) {
                return;
            }
            channel.deliver(n, sender, MailAddress.parse("box" + n + "@bench.test"), content).whenComplete((r, f) -> {
                if (f != null || r.outcome() != Outcome.SUCCESS) {
                    if (failures.getAndIncrement() == 0) {
                        System.err.println("first failure: " + (f != null ? f : r.text()));
                    }
                }
                if (finished.incrementAndGet() == total) {
                    all.complete(null);
                }
                next[0].run();
            });
        };
        long t0 = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            next[0].run();
        }
        all.get(30, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (print) {
            System.out.printf("%-12d %12.0f %9d %12d %8d%n", concurrency, total / seconds, failures.get(),
                    threads.getPeakThreadCount(), rssMegabytes());
        }
    }

    private static long rssMegabytes() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }
}

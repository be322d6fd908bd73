package org.tessera.itests.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.ClassRule;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runners.MethodSorters;
import org.tessera.itests.karaf.QueueListing.Message;

/**
 * tcpserver's {@code -c} in the distribution's SMTP listener (tcpserver(1)): with
 * {@code control/concurrencyincoming} at 20, 500 clients connecting at once all get their greeting
 * in turn and each queues its message, while the mail log's {@code tcpserver: status: N/20} lines
 * show that no more than 20 sessions were ever served at a time (and that 20 were); the 21st client
 * gets no greeting until a slot frees (the 20 are busy: one silent since its greeting would be ended
 * for it after a second, see SmtpUnderStressTest), and what it sent meanwhile is answered once it is admitted.
 */
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SmtpConcurrencyIT {

    private static final int CLIENTS = 500;
    private static final int LIMIT = 20;
    private static final Pattern STATUS = Pattern.compile(" tcpserver: status: (\\d+)/(\\d+)$");

    @ClassRule
    public static final SmtpHome smtp = new SmtpHome("smtp-concurrency-home", Map.of("concurrencyincoming", LIMIT + "\n"));

    @Test(timeout = 120_000)
    public void a_theTwentyFirstClientWaitsUngreetedForASlot() throws Exception {
        List<SmtpClient> served = new ArrayList<>();
        try {
            for (int i = 0; i < LIMIT; i++) {
                SmtpClient client = SmtpClient.greeted(smtp.port);
                // Not silent since the greeting: a client that is would be ended for the waiting one after 1 s.
                assertEquals("250 ok\r\n", client.command("NOOP"));
                served.add(client);
            }
            try (SmtpClient waiting = new SmtpClient(smtp.port)) {
                // Sent before the greeting: read once the session is admitted.
                waiting.send("NOOP\r\n");
                assertTrue(waiting.silentFor(1500));
                assertEquals("221 " + SmtpHome.ME + "\r\n", served.remove(0).command("QUIT"));
                assertEquals("220 " + SmtpHome.ME + " ESMTP\r\n", waiting.reply());
                assertEquals("250 ok\r\n", waiting.reply());
                // The others are still served while it is.
                for (SmtpClient c : served) {
                    assertEquals("250 ok\r\n", c.command("NOOP"));
                }
            }
        } finally {
            for (SmtpClient c : served) {
                c.close();
            }
        }
    }

    @Test(timeout = 180_000)
    public void b_fiveHundredClientsAreServedTwentyAtATime() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                String recipient = "concurrent-" + i + "@example.com";
                results.add(pool.submit(() -> {
                    go.await();
                    try (SmtpClient c = new SmtpClient(smtp.port)) {
                        c.setReadTimeout(150_000);
                        String greeting = c.reply();
                        if (!greeting.equals("220 " + SmtpHome.ME + " ESMTP\r\n")) {
                            return "greeting " + SmtpClient.printable(greeting);
                        }
                        c.setReadTimeout(30_000);
                        String reply = c.transaction("load@b.test", List.of(recipient),
                                "Subject: load\r\n\r\nload\r\n");
                        if (!SmtpHome.QUEUED.matcher(reply).matches()) {
                            return "DATA " + SmtpClient.printable(reply);
                        }
                        String quit = c.command("QUIT");
                        return quit.equals("221 " + SmtpHome.ME + "\r\n") ? null : "QUIT " + SmtpClient.printable(quit);
                    }
                }));
            }
            go.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                try {
                    long left = Math.max(1, deadline - System.nanoTime());
                    String failure = results.get(i).get(left, TimeUnit.NANOSECONDS);
                    if (failure != null) {
                        failures.add(i + ": " + failure);
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(i + ": " + e.getCause());
                }
            }
            assertEquals(failures.size() + " of " + CLIENTS + " failed: " + failures, List.of(), failures);
        } finally {
            pool.shutdownNow();
        }

        // Every session has ended in the log: then its status lines are all there.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> lines;
        do {
            lines = mailLog();
            if (lines.stream().filter(l -> l.contains(" tcpserver: end ")).count() >= CLIENTS) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        long ends = lines.stream().filter(l -> l.contains(" tcpserver: end ")).count();
        assertTrue(ends + " tcpserver: end lines", ends >= CLIENTS);
        int max = 0;
        int statusLines = 0;
        for (String line : lines) {
            Matcher m = STATUS.matcher(line);
            if (m.find()) {
                statusLines++;
                int n = Integer.parseInt(m.group(1));
                assertEquals(line, Integer.toString(LIMIT), m.group(2));
                assertTrue(line, n >= 0 && n <= LIMIT);
                max = Math.max(max, n);
            }
        }
        assertTrue(statusLines + " status lines", statusLines >= 2 * CLIENTS);
        assertEquals("the limit was reached", LIMIT, max);

        List<Message> listing = QueueListing.read(smtp.commands);
        for (int i = 0; i < CLIENTS; i++) {
            assertEquals("concurrent-" + i, 1, QueueListing.to(listing, "concurrent-" + i + "@example.com").size());
        }
    }

    /** The whole mail log: the rotated files ({@code @<tai64n>.s}, oldest first), then {@code current}. */
    private static List<String> mailLog() throws Exception {
        Path dir = smtp.commands.home.resolve("log");
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return lines;
        }
        List<Path> rotated;
        try (var files = Files.list(dir)) {
            rotated = files.filter(f -> f.getFileName().toString().matches("@[0-9a-f]{24}\\.[su]")).sorted().toList();
        }
        for (Path f : rotated) {
            lines.addAll(Files.readAllLines(f));
        }
        Path current = dir.resolve("current");
        if (Files.exists(current)) {
            lines.addAll(Files.readAllLines(current));
        }
        return lines;
    }
}

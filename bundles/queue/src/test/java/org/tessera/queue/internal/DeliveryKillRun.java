package org.tessera.queue.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.tessera.api.mail.MailAddress;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.queue.internal.store.StoredMessage;

/**
 * Kills {@link DeliveryKillChild} under load (injecting, delivering, bouncing) with SIGKILL again
 * and again, then lets one child drain the queue and checks, per round of {@value #ROUND} kills:
 * every recipient of every acknowledged message was delivered at least once (duplicates are
 * allowed, as in qmail, and counted), every message with a failed recipient bounced to its
 * sender, nothing was delivered that was never injected, the drain empties the queue (nothing
 * stuck) and no recovery found damage. A round that goes wrong keeps its home, with the
 * children's mail logs in {@code <home>/stderr}. Main: {@code DeliveryKillRun <dir> <kills>}
 * prints the totals.
 */
final class DeliveryKillRun {

    static final int ROUND = 10;
    static final int DRAIN_SECONDS = 60;

    /**
     * Totals. {@code delivered} and {@code bounced} count distinct recipient deliveries and
     * bounces; {@code duplicates} the lines beyond the first of each; {@code torn} the lines a
     * kill cut short in the channel's own write (deliveries the queue was never told of, so
     * redone); {@code lost} the deliveries and bounces owed to acknowledged messages that never
     * happened; {@code problems} everything wrong (empty when all is well).
     * {@code killsInDelivery} and {@code killsInBounce} count the kills that found a recipient
     * delivery or a bounce delivery running.
     */
    record Report(int kills, int killsInDelivery, int killsInBounce, int acknowledged, int delivered, int bounced,
            int duplicates, int torn, int lost, List<String> problems) {
    }

    private int kills;
    private int killsInDelivery;
    private int killsInBounce;
    private int acknowledged;
    private int delivered;
    private int bounced;
    private int duplicates;
    private int lost;
    private int torn;
    private final List<String> problems = new ArrayList<>();
    private final Random random = new Random();

    static Report run(Path dir, int kills) throws Exception {
        DeliveryKillRun run = new DeliveryKillRun();
        for (int done = 0; done < kills; done += ROUND) {
            Path home = dir.resolve("round-" + done);
            Map<Long, Long> acked = new HashMap<>();
            Set<Long> injected = new HashSet<>();
            for (int i = 0; i < Math.min(ROUND, kills - done); i++) {
                run.killOnce(home, acked, injected);
            }
            int before = run.problems.size();
            run.drainAndCheck(home, acked, injected);
            if (run.problems.size() == before) {
                TestQueues.delete(home);
            } else {
                run.problems.add("round kept for inspection: " + home);
            }
        }
        return new Report(run.kills, run.killsInDelivery, run.killsInBounce, run.acknowledged, run.delivered,
                run.bounced, run.duplicates, run.torn, run.lost, run.problems);
    }

    private void killOnce(Path home, Map<Long, Long> acked, Set<Long> injected) throws Exception {
        Path out = home.resolve("stdout");
        Process child = start(home, out, "load", "3");
        // Counted in deliveries begun, not in time: a loaded machine may take a second to get the
        // first one going, and a kill before it would hit injection only, as KillTest does.
        switch (random.nextInt(5)) {
            case 0 -> Thread.sleep(random.nextInt(800)); // during start-up and recovery
            case 1, 2 -> awaitBegun(child, out, false, 1 + random.nextInt(10));
            default -> awaitBegun(child, out, true, 1 + random.nextInt(2));
        }
        Thread.sleep(random.nextInt(30));
        child.destroyForcibly();
        child.waitFor();
        List<String> lines = lines(out);
        kills++;
        Map<String, Integer> running = new HashMap<>();
        for (String line : lines) {
            String[] words = line.split(" ");
            // Matched whole: a line a kill cut short in the child's write may run into the next one.
            if (line.matches("INJECT [0-9]+")) {
                injected.add(Long.parseLong(words[1]));
            } else if (line.matches("ACK [0-9]+ [0-9]+")) {
                acked.put(Long.parseLong(words[2]), Long.parseLong(words[1]));
            } else if (words[0].equals("BEGIN") || words[0].equals("END")) {
                running.merge(line.substring(line.indexOf(' ') + 1), words[0].equals("BEGIN") ? 1 : -1, Integer::sum);
            } else {
                common(line);
            }
        }
        if (running.entrySet().stream().anyMatch(e -> e.getValue() > 0 && !e.getKey().contains("bounce "))) {
            killsInDelivery++;
        }
        if (running.entrySet().stream().anyMatch(e -> e.getValue() > 0 && e.getKey().contains("bounce "))) {
            killsInBounce++;
        }
    }

    // Lines every child may print: damage found by its recovery, or trouble it could not handle.
    private void common(String line) {
        if (line.startsWith("FAIL")) {
            problems.add("child reported " + line);
        } else if (line.startsWith("RECOVERED ") && !line.equals("RECOVERED 0")) {
            problems.add("recovery found damage: " + line);
        }
    }

    private void drainAndCheck(Path home, Map<Long, Long> acked, Set<Long> injected) throws Exception {
        Path out = home.resolve("stdout");
        Process child = start(home, out, "drain");
        boolean exited = child.waitFor(DRAIN_SECONDS, TimeUnit.SECONDS);
        if (!exited) {
            child.destroyForcibly();
            child.waitFor();
        }
        List<String> lines = lines(out);
        lines.forEach(this::common);
        if (!exited) {
            problems.add(home + ": the drain did not empty the queue within " + DRAIN_SECONDS + " s");
        } else if (child.exitValue() != 0 || !lines.contains("EMPTY")) {
            problems.add(home + ": the drain failed, exit status " + child.exitValue() + " (see its stderr)");
        }
        checkDeliveries(home, acked, injected);
        checkStore(home);
    }

    private void checkDeliveries(Path home, Map<Long, Long> acked, Set<Long> injected) throws IOException {
        Path file = home.resolve("deliveries");
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.US_ASCII) : List.of();
        Map<String, Integer> counts = new HashMap<>();
        for (String line : lines) {
            counts.merge(line, 1, Integer::sum);
        }
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            String line = e.getKey();
            String[] words = line.split(" ");
            if (words[0].equals("badbounce")) {
                problems.add(home + ": a bounce that does not list exactly the failed recipients: " + line);
                continue;
            }
            Optional<Long> seed = seedOf(words);
            if (seed.isEmpty()) {
                // Cut short by a kill in the channel's write, so never reported to the queue.
                torn += e.getValue();
                continue;
            }
            duplicates += e.getValue() - 1;
            boolean bounce = words[0].equals("bounce");
            String to = words[words.length - 2];
            if (!injected.contains(seed.get())) {
                problems.add(home + ": delivered a message never injected: " + line);
            } else if (bounce ? !failures(seed.get()) : DeliveryKillChild.envelope(seed.get()).recipients().stream()
                    .noneMatch(r -> r.text().equals(to))) {
                problems.add(home + ": delivered to the wrong recipient: " + line);
            } else if (bounce) {
                bounced++;
            } else if (to.startsWith("ok")) {
                delivered++;
            }
        }
        acknowledged += acked.size();
        for (long seed : acked.keySet()) {
            for (MailAddress r : DeliveryKillChild.envelope(seed).recipients()) {
                String line = r.text() + " " + seed;
                if (!counts.containsKey(line)) {
                    lost++;
                    problems.add(home + ": acknowledged msg " + acked.get(seed) + " (seed " + seed
                            + ") never delivered to " + r.text());
                }
            }
            String bounce = "bounce " + DeliveryKillChild.sender(seed).text() + " " + seed;
            if (failures(seed) && !counts.containsKey(bounce)) {
                lost++;
                problems.add(home + ": acknowledged msg " + acked.get(seed) + " (seed " + seed + ") never bounced");
            }
        }
    }

    /**
     * The seed of a whole line, {@code <kind><i>-<seed>@example.org <seed>} or
     * {@code bounce s<seed>@example.com <seed>}: a line cut short by a kill, or two run together,
     * has no seed that appears in both places.
     */
    private static Optional<Long> seedOf(String[] words) {
        boolean bounce = words.length == 3 && words[0].equals("bounce");
        if (!bounce && words.length != 2 || !words[words.length - 1].matches("[1-9][0-9]*")) {
            return Optional.empty();
        }
        String seed = words[words.length - 1];
        String to = words[words.length - 2];
        boolean whole = bounce ? to.equals("s" + seed + "@example.com")
                : to.matches("(ok|fail)[0-9]-" + seed + "@example\\.org");
        return whole ? Optional.of(Long.parseLong(seed)) : Optional.empty();
    }

    private static boolean failures(long seed) {
        return DeliveryKillChild.envelope(seed).recipients().stream().anyMatch(r -> r.local().startsWith("fail"));
    }

    // After the drain: the queue recovers clean, with nothing left in it, nothing moved aside.
    private void checkStore(Path home) throws IOException, InterruptedException {
        QueueStore store = new QueueStore(home.resolve("queue"));
        List<Long> left = store.recover();
        for (long id : left) {
            StoredMessage m = store.read(id).orElseThrow();
            problems.add(home + ": stuck in the queue: msg " + id + " from " + m.envelope().sender().text()
                    + " states " + m.states());
        }
        if (store.corrupt() != 0) {
            problems.add(home + ": " + store.corrupt() + " damaged at recovery");
        }
        try (Stream<Path> files = Files.list(home.resolve("queue/bad"))) {
            files.forEach(f -> problems.add("moved aside: " + f));
        }
        store.close();
    }

    // Standard output goes to a file, not a pipe: the JDK may close a pipe's stream under its
    // reader when the child dies ("Stream closed"), and the lines still in it would be lost.
    private static Process start(Path home, Path out, String... args) throws IOException {
        Files.createDirectories(home);
        List<String> command = new ArrayList<>(List.of(TestQueues.java().toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", TestQueues.classPath(),
                DeliveryKillChild.class.getName(), home.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(home.resolve("stderr").toFile())).start();
    }

    /** Waits until the child has begun {@code count} deliveries (bounces or not), or died, or 30 s passed. */
    private static void awaitBegun(Process child, Path out, boolean bounce, int count)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        int seen = 0;
        try (FileChannel file = FileChannel.open(out, StandardOpenOption.READ)) {
            while (seen < count && child.isAlive() && System.nanoTime() < deadline) {
                buffer.clear();
                int n = file.read(buffer);
                if (n <= 0) {
                    Thread.sleep(2);
                    continue;
                }
                text.append(new String(buffer.array(), 0, n, StandardCharsets.US_ASCII));
                for (int end; (end = text.indexOf("\n")) >= 0; text.delete(0, end + 1)) {
                    String line = text.substring(0, end);
                    if (line.startsWith("BEGIN ") && line.contains("bounce ") == bounce) {
                        seen++;
                    }
                }
            }
        }
    }

    // A line cut by the kill has no newline; it is left out.
    private static List<String> lines(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.US_ASCII);
        List<String> lines = new ArrayList<>(text.lines().toList());
        if (!text.isEmpty() && !text.endsWith("\n")) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Report report = run(Files.createDirectories(Path.of(args[0])), Integer.parseInt(args[1]));
        report.problems().forEach(System.out::println);
        System.out.printf("kills %d (%d during a delivery, %d during a bounce)  acknowledged %d  delivered %d  "
                + "bounced %d  duplicates %d  torn %d  lost %d  problems %d  (%d s)%n", report.kills(),
                report.killsInDelivery(), report.killsInBounce(), report.acknowledged(), report.delivered(),
                report.bounced(), report.duplicates(), report.torn(), report.lost(), report.problems().size(),
                (System.nanoTime() - start) / 1_000_000_000L);
        System.exit(report.problems().isEmpty() ? 0 : 1);
    }
}

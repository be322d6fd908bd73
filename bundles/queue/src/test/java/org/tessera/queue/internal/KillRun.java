package org.tessera.queue.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.queue.internal.store.StoredMessage;

/**
 * Kills {@link KillChild} with SIGKILL again and again, then checks the queue. Every
 * {@value #SEGMENT} kills the queue is recovered, checked and emptied, so that a long run does
 * not slow down with its own backlog. Main: {@code KillRun <dir> <kills>} prints the totals.
 */
final class KillRun {

    static final int SEGMENT = 25;

    /** Totals; {@code problems} lists what was wrong (empty when all is well). */
    record Report(int kills, int acknowledged, int present, int lost, List<String> problems) {
    }

    private int kills;
    private int acknowledged;
    private int present;
    private final List<String> problems = new ArrayList<>();
    private final Random random = new Random();

    static Report run(Path dir, int kills) throws Exception {
        KillRun run = new KillRun();
        for (int done = 0; done < kills; done += SEGMENT) {
            Path home = dir.resolve("segment-" + done);
            Map<Long, Long> acked = new HashMap<>();
            Set<Long> marked = new HashSet<>();
            for (int i = 0; i < Math.min(SEGMENT, kills - done); i++) {
                run.killOnce(home, acked, marked);
            }
            run.check(home, acked, marked);
            TestQueues.delete(home);
        }
        return new Report(run.kills, run.acknowledged, run.present, run.problems.size(), run.problems);
    }

    private void killOnce(Path home, Map<Long, Long> acked, Set<Long> marked) throws Exception {
        Process child = new ProcessBuilder(TestQueues.java().toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", TestQueues.classPath(), KillChild.class.getName(), home.toString(), "4")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        CountDownLatch ready = new CountDownLatch(1);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                for (String line; (line = in.readLine()) != null;) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    }
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // The pipe breaks when the child is killed; what was read so far counts.
            }
        });
        reader.start();
        if (random.nextInt(5) == 0) {
            Thread.sleep(random.nextInt(600)); // sometimes during start-up and recovery
        } else {
            ready.await(30, TimeUnit.SECONDS);
            Thread.sleep(10 + random.nextInt(300));
        }
        child.destroyForcibly();
        child.waitFor();
        reader.join();
        kills++;
        for (String line : lines) {
            String[] words = line.split(" ");
            // A line cut by the kill has no newline and so is never returned by readLine.
            if (words[0].equals("ACK") && words.length == 3) {
                acked.put(Long.parseLong(words[1]), Long.parseLong(words[2]));
            } else if (words[0].equals("MARK")) {
                marked.add(Long.parseLong(words[1]));
            } else if (words[0].equals("FAIL")) {
                problems.add("child reported " + line);
            }
        }
    }

    private void check(Path home, Map<Long, Long> acked, Set<Long> marked) throws IOException {
        QueueStore store = new QueueStore(home.resolve("queue"));
        List<Long> committed = store.recover();
        acknowledged += acked.size();
        present += committed.size();
        for (long id : committed) {
            StoredMessage message = store.read(id).orElseThrow();
            byte[] stored = store.content(message).open().readAllBytes();
            long seed = KillMessages.seedOf(stored);
            byte[] expected = KillMessages.content(seed);
            int received = indexOf(stored, (byte) '\n') + 1;
            if (stored.length - received != expected.length
                    || !java.util.Arrays.equals(stored, received, stored.length, expected, 0, expected.length)
                    || !message.envelope().equals(KillMessages.envelope(seed))) {
                problems.add("message " + id + " is damaged");
            }
            if (acked.containsKey(id) && acked.get(id) != seed) {
                problems.add("message " + id + " is not the one acknowledged");
            }
            if (marked.contains(id) && message.states().get(0) != State.DELIVERED) {
                problems.add("message " + id + " lost its recorded delivery");
            }
        }
        for (long id : acked.keySet()) {
            if (!committed.contains(id)) {
                problems.add("acknowledged message " + id + " is lost");
            }
        }
        Set<String> bigFiles = new HashSet<>();
        for (long id : committed) {
            store.content(store.read(id).orElseThrow()).file().ifPresent(f -> bigFiles.add(f.getFileName().toString()));
        }
        try (Stream<Path> files = Files.list(store.messageDirectory())) {
            Set<String> found = new HashSet<>(files.map(f -> f.getFileName().toString()).toList());
            if (!found.equals(bigFiles)) {
                problems.add("debris after recovery: " + found.size() + " files in msg/ for " + bigFiles.size()
                        + " big messages");
            }
        }
        if (store.corrupt() != 0) {
            problems.add(store.corrupt() + " damaged at recovery");
        }
        try (Stream<Path> files = Files.list(home.resolve("queue/bad"))) {
            files.forEach(f -> problems.add("moved aside: " + f));
        }
        try {
            store.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        Report report = run(Files.createDirectories(Path.of(args[0])), Integer.parseInt(args[1]));
        report.problems().forEach(System.out::println);
        System.out.printf("kills %d  acknowledged %d  present %d  lost %d  (%d s)%n", report.kills(),
                report.acknowledged(), report.present(), report.lost(), (System.nanoTime() - start) / 1_000_000_000L);
        System.exit(report.lost() == 0 ? 0 : 1);
    }
}

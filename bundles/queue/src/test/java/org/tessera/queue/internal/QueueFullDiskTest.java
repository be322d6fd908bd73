package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.InjectResult.Outcome;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueuedRecipient.State;
import org.tessera.common.testing.SmallFileSystem;
import org.tessera.queue.internal.store.QueueResults;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.queue.internal.store.StoredMessage;

/**
 * The queue on a real, small file system: a 4 MB tmpfs mounted for each test ({@link SmallFileSystem}).
 * Injections stop at the log's reserve, and the queue can still end
 * messages and unlink their segment, so that injection works again. When something else fills
 * the disk, injections are temporary 53s that harm nothing queued, leave no debris and pile up no
 * segments; results and removals fail whole; once space returns injection works again without a
 * restart, and a restart finds every acknowledged message intact. A read-only queue fails
 * activation, naming the directory, with no queue thread left behind. (A missing queue
 * directory: {@link QueueDirectoryTest}.)
 */
class QueueFullDiskTest {

    private static final Envelope ENVELOPE = new Envelope(new MailAddress("a", "example.com"),
            List.of(new MailAddress("b", "example.org")));
    private static final int INLINE_LIMIT = 32 << 10;
    private static final int SMALL = 4 << 10;
    private static final int BIG = 48 << 10;
    private static final int ROUND = 8;
    private static final long SEGMENT = 256 << 10;
    // The log's reserve: two segments, also an eighth of the 4 MB disk.
    private static final long RESERVE = 2 * SEGMENT;

    @TempDir
    Path base;

    private SmallFileSystem disk;
    private Path home;
    private QueueService queue;

    @BeforeEach
    void mountSmallFileSystem() throws Exception {
        disk = SmallFileSystem.mount(Files.createDirectory(base.resolve("fs")), "4m");
        home = disk.path();
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (queue != null) {
                queue.deactivate();
            }
        } finally {
            if (disk != null) {
                disk.close();
            }
        }
    }

    @Test
    void queueStopsNewMessagesAtItsReserveAndCanStillDrainItself() throws Exception {
        queue = activate(ROUND);
        Map<Long, byte[]> acknowledged = new TreeMap<>();
        int serial = fillUntilRefused(acknowledged, 0);
        assertTrue(acknowledged.size() > 200, "refused after only " + acknowledged.size() + " messages");
        long free = Files.getFileStore(home).getUsableSpace();
        assertTrue(free > RESERVE - (16 << 10), "new messages took the reserve: " + free + " bytes left");

        List<String> segmentsWhenRefusing = list("queue/log");
        serial = assertRefused(serial, acknowledged);
        assertEquals(segmentsWhenRefusing, list("queue/log"), "refused attempts changed the log's segments");
        QueueStore store = queue.store().get();
        assertIntact(store, acknowledged);

        // What drains the queue still gets written: a bounce, delivery results, removals.
        byte[] bounceBody = body(serial++, SMALL);
        InjectResult bounce = await(queue.inject(ENVELOPE, Origin.BOUNCE, new ByteArrayInputStream(bounceBody)));
        assertEquals(Outcome.OK, bounce.outcome(), "a bounce refused at the reserve");
        acknowledged.put(bounce.messageId(), bounceBody);
        List<Long> oldest = List.copyOf(acknowledged.keySet()).subList(0, 100);
        for (long id : oldest) {
            store.record(id, 0, State.DELIVERED, "did 1+0+0/").get(10, TimeUnit.SECONDS);
            store.remove(id).get(10, TimeUnit.SECONDS);
            acknowledged.remove(id);
        }
        assertTrue(!list("queue/log").contains("1"), "segment 1 outlived its messages: " + list("queue/log"));
        serial = assertAccepted(serial, acknowledged);

        restartAndAssertIntact(acknowledged);
    }

    @Test
    void fullDiskIsTemporaryHarmsNothingAndPassesOnceSpaceReturns() throws Exception {
        queue = activate(ROUND);
        Map<Long, byte[]> acknowledged = new TreeMap<>();
        int serial = 0;
        for (int i = 0; i < 10; i++) {
            assertEquals(0, injectRound(serial, acknowledged));
            serial += ROUND;
        }
        // Something else takes every byte the queue kept in reserve, as a runaway log file would.
        Path filler = home.resolve("filler");
        fillDisk(filler);

        List<String> segmentsWhenFull = list("queue/log");
        serial = assertRefused(serial, acknowledged);
        assertEquals(segmentsWhenFull, list("queue/log"), "refused attempts changed the log's segments");
        QueueStore store = queue.store().get();
        assertIntact(store, acknowledged);

        // Results and removals now meet the full disk in the log itself: each fails or passes
        // whole, and a failed removal leaves its message as it was. The newest small messages,
        // so that no removal frees space (a big message's file, a whole segment).
        List<Long> small = acknowledged.keySet().stream().filter(id -> acknowledged.get(id).length == SMALL).toList();
        int failed = 0;
        for (long id : small.subList(small.size() - 50, small.size())) {
            try {
                store.record(id, 0, State.DELIVERED, "did 1+0+0/" + "x".repeat(200)).get(10, TimeUnit.SECONDS);
                store.remove(id).get(10, TimeUnit.SECONDS);
                acknowledged.remove(id);
            } catch (ExecutionException e) {
                assertTrue(e.getCause() instanceof IOException, e.toString());
                failed++;
            }
        }
        assertTrue(failed > 0, "the log found room for every record on the full disk");
        assertIntact(store, acknowledged);

        Files.delete(filler);
        serial = assertAccepted(serial, acknowledged);
        restartAndAssertIntact(acknowledged);
    }

    @Test
    void readOnlyQueueFailsActivationNamingItAndStartsNoThread() throws Exception {
        queue = activate(1);
        assertEquals(Outcome.OK, await(queue.inject(ENVELOPE, Origin.NETWORK, message(0, SMALL))).outcome());
        queue.deactivate();
        queue = null;
        disk.readOnly(true);
        Set<String> threadsBefore = queueThreads();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestQueues.activate(home));
        assertTrue(e.getMessage().contains("queue directory " + home.resolve("queue") + " is not writable"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Read-only file system"), e.getMessage());
        assertEquals(threadsBefore, queueThreads(), "a thread of the failed activation is running");
    }

    private QueueService activate(int workers) {
        return TestQueues.activate(home, "logSegmentBytes", SEGMENT, "inlineLimit", INLINE_LIMIT, "workerThreads", workers);
    }

    // Concurrent rounds first, so that group commit meets the limit with several records in one
    // batch (a big message may be refused while small ones still pass). A refused batch may have
    // needed more than was left, so the rest is filled one at a time, until not even one small
    // message passes. Returns the next serial.
    private int fillUntilRefused(Map<Long, byte[]> acknowledged, int serial) throws Exception {
        while (injectRound(serial, acknowledged) == 0) {
            serial += ROUND;
            assertTrue(serial < 10_000, "injections never stopped on the 4 MB disk");
        }
        serial += ROUND;
        while (injectRound(serial, acknowledged, 1) == 0) {
            serial++;
        }
        return serial + 1;
    }

    // Five rounds, big messages among them, all refused: nothing may pass, nothing may pile up.
    private int assertRefused(int serial, Map<Long, byte[]> acknowledged) throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(ROUND, injectRound(serial, acknowledged), "an injection passed");
            serial += ROUND;
        }
        return serial;
    }

    private int assertAccepted(int serial, Map<Long, byte[]> acknowledged) throws Exception {
        for (int i = 0; i < 4; i++) {
            assertEquals(0, injectRound(serial, acknowledged), "an injection failed once space returned");
            serial += ROUND;
        }
        return serial;
    }

    private void restartAndAssertIntact(Map<Long, byte[]> acknowledged) throws Exception {
        queue.deactivate();
        queue = null;
        queue = activate(1);
        QueueStore store = queue.store().get();
        assertEquals(0, store.corrupt());
        assertIntact(store, acknowledged);
        assertEquals(List.of(), list("queue/bad"));
    }

    // Page by page, so that not even a page of the tmpfs is left.
    private static void fillDisk(Path filler) throws IOException {
        try (FileChannel out = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            while (true) {
                out.write(page.clear());
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
        assertEquals(0, Files.getFileStore(filler).getUsableSpace(), "the disk is full");
    }

    private int injectRound(int serial, Map<Long, byte[]> acknowledged) throws Exception {
        return injectRound(serial, acknowledged, ROUND);
    }

    // Concurrent injections, numbered from serial; every eighth number is a big message. Returns
    // how many were refused, each of which must be a 53.
    private int injectRound(int serial, Map<Long, byte[]> acknowledged, int count) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<CompletableFuture<InjectResult>> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = serial + i;
            byte[] body = body(n, n % ROUND == 0 && count == ROUND ? BIG : SMALL);
            bodies.add(body);
            results.add(queue.inject(ENVELOPE, Origin.NETWORK, new ByteArrayInputStream(body)).toCompletableFuture());
        }
        int refused = 0;
        for (int i = 0; i < count; i++) {
            InjectResult result = await(results.get(i));
            if (result.outcome() == Outcome.OK) {
                acknowledged.put(result.messageId(), bodies.get(i));
            } else {
                assertEquals(QueueResults.WRITE_ERROR, result);
                refused++;
            }
        }
        return refused;
    }

    // Each acknowledged message reads back as its Received line and exactly the bytes injected,
    // and msg/ holds the files of the acknowledged big messages and nothing else.
    private void assertIntact(QueueStore store, Map<Long, byte[]> acknowledged) throws IOException {
        assertEquals(acknowledged.keySet(), Set.copyOf(store.committed()), "the queue's messages");
        for (Map.Entry<Long, byte[]> expected : acknowledged.entrySet()) {
            long id = expected.getKey();
            byte[] body = expected.getValue();
            StoredMessage stored = store.read(id).orElseThrow(() -> new AssertionError("message " + id + " is gone"));
            byte[] content;
            try (InputStream in = store.content(stored).open()) {
                content = in.readAllBytes();
            }
            assertEquals(stored.size(), content.length, "size of message " + id);
            int head = content.length - body.length;
            assertTrue(head > 0 && Arrays.equals(content, head, content.length, body, 0, body.length),
                    "content of message " + id);
            String received = new String(content, 0, head, StandardCharsets.US_ASCII);
            assertTrue(received.matches("Received: \\(qmail " + id + " invoked [^\n]*\n"), received);
        }
        Set<String> big = acknowledged.entrySet().stream().filter(e -> e.getValue().length > INLINE_LIMIT)
                .map(e -> Long.toString(e.getKey())).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(big, new TreeSet<>(list("queue/msg")), "files in queue/msg");
    }

    private static byte[] body(int n, int size) {
        byte[] body = new byte[size];
        byte[] head = ("Subject: " + n + "\n\n").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = head.length; i < size; i++) {
            body[i] = (byte) (i % 64 == 63 ? '\n' : 'a' + (n + i) % 26);
        }
        return body;
    }

    private static InputStream message(int n, int size) {
        return new ByteArrayInputStream(body(n, size));
    }

    private static InjectResult await(java.util.concurrent.CompletionStage<InjectResult> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<String> list(String directory) throws IOException {
        try (Stream<Path> files = Files.list(home.resolve(directory))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Set<String> queueThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith("tessera-queue") || name.startsWith("tessera-send"))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}

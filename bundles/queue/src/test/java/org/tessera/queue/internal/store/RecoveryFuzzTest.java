package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * The queue's own log after bit flips (a disk's or a copy's): a queue of a few messages over several
 * segments, some inline, some big, with recorded states, is copied, flipped and recovered. Recovery
 * never fails; every message it yields has exactly the recipients it was written with; a message it
 * loses is reported as damage, unless the flip was in the last segment, which the README's crash table
 * reads as a torn tail (nothing after the last sync was acknowledged).
 */
class RecoveryFuzzTest {

    // Small segments and inline limit, as RecoveryTest's, so that a few messages cross every boundary.
    private static final QueueStore.Settings SMALL = new QueueStore.Settings(4096, 1024, true, 8192);

    private static Path template;
    private static Path work;
    private static final Map<Long, Envelope> written = new HashMap<>();
    private static final List<Path> templateFiles = new ArrayList<>();

    @BeforeAll
    static void writeQueue() throws Exception {
        Path base = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : Path.of(System.getProperty("java.io.tmpdir"));
        template = Files.createTempDirectory(base, "recovery-fuzz-template");
        work = Files.createTempDirectory(base, "recovery-fuzz-work");
        QueueStore store = null;
        Injector injector = null;
        for (int i = 0; i < 8; i++) {
            // Every recovery starts a new segment: three runs leave three segments, two of them not the last.
            if (i % 3 == 0) {
                if (store != null) {
                    store.close();
                }
                store = new QueueStore(template, SMALL);
                store.recover();
                injector = new Injector(store, Runnable::run, 99, Clock.systemUTC());
            }
            List<MailAddress> recipients = new ArrayList<>();
            for (int r = 0; r <= i % 3; r++) {
                recipients.add(new MailAddress("rcpt" + i + "-" + r, "d" + r + ".test"));
            }
            Envelope envelope = new Envelope(new MailAddress("sender" + i, "s.test"), recipients);
            String body = "Subject: " + i + "\n\n" + "x".repeat(i % 2 == 0 ? 200 : 1500) + "\n";
            InjectResult result = injector.inject(CompletableFuture.completedFuture(envelope), Origin.NETWORK,
                    new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).join();
            assertEquals(InjectResult.Outcome.OK, result.outcome(), result.text());
            written.put(result.messageId(), envelope);
            if (i % 3 == 1) {
                store.record(result.messageId(), 0, State.DELIVERED, "did it", 0).join();
            }
        }
        store.close();
        try (Stream<Path> files = Files.walk(template)) {
            files.filter(Files::isRegularFile).sorted().forEach(templateFiles::add);
        }
    }

    @AfterAll
    static void removeQueues() throws IOException {
        delete(template);
        delete(work);
    }

    @FuzzTest
    void bitFlippedLog(FuzzedDataProvider data) throws IOException {
        delete(work);
        Files.createDirectories(work);
        for (Path file : templateFiles) {
            Path copy = work.resolve(template.relativize(file).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(work.resolve("bad"));
        Path log = work.resolve("log");
        Path lastSegment;
        try (Stream<Path> segments = Files.list(log)) {
            lastSegment = segments.max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString())))
                    .orElseThrow();
        }
        boolean lastSegmentFlipped = false;
        int flips = data.consumeInt(1, 8);
        for (int i = 0; i < flips; i++) {
            Path file = work.resolve(template.relativize(data.pickValue(templateFiles)).toString());
            try (RandomAccessFile flipped = new RandomAccessFile(file.toFile(), "rw")) {
                if (flipped.length() == 0) {
                    continue;
                }
                long at = data.consumeLong(0, flipped.length() - 1);
                flipped.seek(at);
                int b = flipped.read();
                flipped.seek(at);
                flipped.write(b ^ (1 << data.consumeInt(0, 7)));
            }
            lastSegmentFlipped |= file.equals(lastSegment);
        }

        Recovery recovery = new Recovery(log, work.resolve("msg"), work.resolve("bad"));
        try {
            recovery.run();
            for (QueueStore.Entry entry : recovery.entries.values()) {
                assertEquals(written.get(entry.id), entry.envelope, "message " + entry.id + " keeps its envelope");
                assertEquals(entry.envelope.recipients().size(), entry.states.length);
            }
            boolean lost = written.keySet().stream().anyMatch(id -> !recovery.entries.containsKey(id));
            assertTrue(!lost || lastSegmentFlipped || !recovery.damage.isEmpty(),
                    "a message lost without a word: " + recovery.entries.keySet());
        } finally {
            for (Segment segment : recovery.segments) {
                segment.channel.close();
            }
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.Origin;
import org.tessera.api.queue.QueuedRecipient.State;

class RecoveryTest {

    private static final Envelope ENVELOPE = new Envelope(new MailAddress("a", "b.test"),
            List.of(new MailAddress("c", "d.test"), new MailAddress("e", "f.test")));
    // Small segments and a small inline limit, so that a few messages cross every boundary.
    private static final QueueStore.Settings SMALL = new QueueStore.Settings(4096, 1024, true, 8192);

    @TempDir
    Path queue;

    private final List<QueueStore> opened = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (QueueStore store : opened) {
            store.close();
        }
    }

    private QueueStore open() throws IOException {
        QueueStore store = new QueueStore(queue, SMALL);
        opened.add(store);
        store.recover();
        return store;
    }

    private QueueStore reopen(QueueStore running) throws IOException, InterruptedException {
        running.close();
        return open();
    }

    private static long inject(QueueStore store, String body) {
        Injector injector = new Injector(store, Runnable::run, 99, Clock.systemUTC());
        InjectResult result = injector.inject(CompletableFuture.completedFuture(ENVELOPE), Origin.NETWORK,
                new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).join();
        assertEquals(InjectResult.Outcome.OK, result.outcome(), result.text());
        return result.messageId();
    }

    private static String content(QueueStore store, long id) throws IOException {
        try (InputStream in = store.content(store.read(id).orElseThrow()).open()) {
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return all.substring(all.indexOf('\n') + 1);
        }
    }

    private List<String> names(String dir) throws IOException {
        try (Stream<Path> list = Files.list(queue.resolve(dir))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Path lastSegment() throws IOException {
        List<String> segments = names("log");
        return queue.resolve("log").resolve(segments.stream().max((x, y) -> Long.compare(Long.parseLong(x),
                Long.parseLong(y))).orElseThrow());
    }

    @Test
    void tornTailIsCutAndBigFileWithoutRecordIsRemoved() throws Exception {
        QueueStore store = open();
        long kept = inject(store, "kept\n");
        store.close();
        Path last = lastSegment();
        long length = Files.size(last);
        // A batch cut by the crash: a frame header promising more than is there.
        Files.write(last, new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 'M', 9}, StandardOpenOption.APPEND);
        Files.writeString(queue.resolve("msg/77"), "a big message never committed");

        QueueStore again = open();
        assertEquals(List.of(kept), again.committed());
        assertEquals("kept\n", content(again, kept));
        assertEquals(length, Files.size(last));
        assertEquals(List.of(), names("msg"));
        assertEquals(0, again.corrupt());
        // Numbers go on past every number seen, the removed file's included.
        assertTrue(inject(again, "next\n") > 77);
    }

    @Test
    void recordedStatesAndRetryTimesSurvive() throws Exception {
        QueueStore store = open();
        long id = inject(store, "x\n");
        store.record(id, 1, State.FAILED, "Sorry, no mailbox here by that name. (#5.1.1)").join();
        store.record(id, 0, State.PENDING, "deferred", 1_700_000_000L).join();

        StoredMessage message = reopen(store).read(id).orElseThrow();
        assertEquals(List.of(State.PENDING, State.FAILED), message.states());
        assertEquals("deferred", message.reports().get(0));
        assertEquals(List.of(1_700_000_000L, 0L), message.nextAttempts());
    }

    @Test
    void damagedSegmentIsCopiedAsideAndCounted() throws Exception {
        QueueStore store = open();
        long first = inject(store, "first\n");
        long second = inject(store, "second\n");
        store = reopen(store);
        inject(store, "in the next segment\n");
        store.close();
        Path damaged = queue.resolve("log").resolve(names("log").get(0));
        try (RandomAccessFile file = new RandomAccessFile(damaged.toFile(), "rw")) {
            // Flip a byte inside the second record's content.
            file.seek(file.length() - 3);
            file.write('!');
        }

        QueueStore again = open();
        assertEquals(1, again.corrupt());
        assertTrue(again.committed().contains(first));
        assertTrue(!again.committed().contains(second));
        assertTrue(names("bad").contains("log-" + damaged.getFileName()));
    }

    @Test
    void bigMessageWithWrongSizeIsMovedAsideOnce() throws Exception {
        QueueStore store = open();
        String big = "y".repeat(5000) + "\n";
        long id = inject(store, big);
        assertTrue(store.content(store.read(id).orElseThrow()).file().isPresent());
        assertEquals(big, content(store, id));
        store.close();
        Files.writeString(queue.resolve("msg/" + id), "short");

        QueueStore again = open();
        assertEquals(List.of(), again.committed());
        assertEquals(1, again.corrupt());
        assertEquals(List.of(Long.toString(id)), names("bad"));
        QueueStore third = reopen(again);
        assertEquals(0, third.corrupt());
        assertEquals(List.of(), third.committed());
    }

    @Test
    void removedMessagesAreGoneAndTheirSegmentsWithThem() throws Exception {
        QueueStore store = open();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            ids.add(inject(store, "message " + i + " " + "z".repeat(300) + "\n"));
        }
        assertTrue(names("log").size() > 3, names("log").toString());
        for (long id : ids) {
            store.remove(id).join();
        }
        // One more batch lets the cleaner see the last removals.
        long last = inject(store, "last\n");
        assertEquals(List.of(last), store.committed());
        assertTrue(names("log").size() <= 2, names("log").toString());
        QueueStore again = reopen(store);
        assertEquals(List.of(last), again.committed());
        assertEquals(last + 1, inject(again, "numbers go on\n"));
    }

    @Test
    void longLivedMessageIsRelocatedAndStaysReadable() throws Exception {
        QueueStore store = open();
        long deferred = inject(store, "deferred for days\n");
        store.record(deferred, 0, State.DELIVERED, "").join();
        InputStream openBefore = store.content(store.read(deferred).orElseThrow()).open();
        for (int i = 0; i < 200; i++) {
            store.remove(inject(store, "passing " + i + " " + "w".repeat(200) + "\n")).join();
        }
        assertTrue(names("log").size() <= 4, names("log").toString());
        assertEquals("deferred for days\n", content(store, deferred));
        String read = new String(openBefore.readAllBytes(), StandardCharsets.UTF_8);
        openBefore.close();
        assertEquals("deferred for days\n", read.substring(read.indexOf('\n') + 1));

        QueueStore again = reopen(store);
        assertEquals(List.of(deferred), again.committed());
        assertEquals(List.of(State.DELIVERED, State.PENDING), again.read(deferred).orElseThrow().states());
        assertArrayEquals("deferred for days\n".getBytes(StandardCharsets.UTF_8),
                content(again, deferred).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void storeDirectoriesAreTheServersUsersOnlyAlsoWhenMadeOpenBefore() throws Exception {
        // An existing log/ open to everyone (as a permissive umask made it); msg/ and bad/ made by recovery.
        Files.setPosixFilePermissions(Files.createDirectories(queue.resolve("log")),
                PosixFilePermissions.fromString("rwxrwxrwx"));
        open();
        for (String dir : List.of("log", "msg", "bad")) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(queue.resolve(dir))), dir);
        }
    }
}

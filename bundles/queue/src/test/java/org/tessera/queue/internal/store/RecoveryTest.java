package org.tessera.queue.internal.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
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

    @TempDir
    Path queue;

    private QueueStore store;

    @BeforeEach
    void start() throws IOException {
        store = new QueueStore(queue);
        store.recover();
    }

    private long inject(String body) {
        Injector injector = new Injector(store, Runnable::run, Injector.directCommitter(store), 99, Clock.systemUTC());
        InjectResult result = injector.inject(java.util.concurrent.CompletableFuture.completedFuture(ENVELOPE),
                Origin.NETWORK, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))).join();
        assertEquals(InjectResult.Outcome.OK, result.outcome());
        return result.messageId();
    }

    private List<String> names(String dir) throws IOException {
        try (Stream<Path> list = Files.list(queue.resolve(dir))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void debrisOfEveryUnacknowledgedStateIsRemoved() throws IOException {
        long kept = inject("kept\n");
        Path msg = store.messageDirectory();
        Files.writeString(msg.resolve("100"), "content written, no envelope yet");
        Files.writeString(msg.resolve("101"), "content and envelope, not renamed");
        Files.write(msg.resolve("101.new"), EnvelopeFile.encode(1, 101, java.time.Instant.now(), 5, ENVELOPE));
        Files.write(msg.resolve("102.env"), EnvelopeFile.encode(1, 102, java.time.Instant.now(), 5, ENVELOPE));
        Files.writeString(msg.resolve("103.new"), "torn");

        assertEquals(List.of(kept), new QueueStore(queue).recover());
        assertEquals(List.of(kept + "", kept + ".env"), names("msg"));
        assertEquals(List.of(), names("bad"));
    }

    @Test
    void recordedStatesSurviveAndTornTailIsCut() throws IOException {
        long id = inject("x\n");
        store.record(id, 1, State.FAILED, "Sorry, no mailbox here by that name. (#5.1.1)");
        store.record(id, 0, State.PENDING, "deferred");
        Files.write(store.envelope(id), new byte[] {'K', '0'}, StandardOpenOption.APPEND);

        QueueStore again = new QueueStore(queue);
        again.recover();
        StoredMessage message = again.read(id).orElseThrow();
        assertEquals(List.of(State.PENDING, State.FAILED), message.states());
        assertEquals("deferred", message.reports().get(0));
        // The cut tail lets a new record start clean.
        again.record(id, 0, State.DELIVERED, "");
        assertTrue(again.read(id).orElseThrow().finished());
    }

    @Test
    void messageWhoseSizeDisagreesIsMovedAside() throws IOException {
        long id = inject("some content\n");
        Files.writeString(store.content(id), "short");
        assertEquals(List.of(), new QueueStore(queue).recover());
        assertEquals(List.of(id + "", id + ".env"), names("bad"));
        assertEquals(List.of(), names("msg"));
    }

    @Test
    void removedMessageIsGoneAndNumbersGoOn() throws IOException {
        long first = inject("1\n");
        long second = inject("2\n");
        store.remove(first);
        assertEquals(List.of(second), store.committed());
        assertEquals(java.util.Optional.empty(), store.read(first));
        QueueStore again = new QueueStore(queue);
        again.recover();
        assertEquals(second + 1, again.nextId());
    }
}

package org.tessera.queue.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MailAddress;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.InjectResult.Outcome;
import org.tessera.api.queue.Origin;
import org.tessera.queue.internal.store.QueueStore;
import org.tessera.queue.internal.store.StoredMessage;

class QueueServiceTest {

    private static final Envelope ENVELOPE = new Envelope(new MailAddress("a", "example.com"),
            List.of(new MailAddress("b", "example.org"), new MailAddress("postmaster", "")));

    @TempDir
    Path home;

    private QueueService queue;

    @AfterEach
    void stop() throws InterruptedException {
        if (queue != null) {
            queue.deactivate();
        }
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InjectResult await(java.util.concurrent.CompletionStage<InjectResult> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private List<Long> committed() throws Exception {
        return queue.store().get().committed();
    }

    private List<String> files() throws IOException {
        try (Stream<Path> list = Files.list(home.resolve("queue/msg"))) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void queuedMessageHasReceivedLineContentAndEnvelope() throws Exception {
        queue = TestQueues.activate(home);
        InjectResult result = await(queue.inject(ENVELOPE, new Origin(Origin.Kind.USER, 1005), bytes("Subject: x\n\nhi\n")));
        assertEquals(Outcome.OK, result.outcome());
        assertEquals(0, result.exitCode());
        long id = result.messageId();
        assertEquals(List.of(id), committed());
        // A small message lives in the queue log; only big ones get a file.
        assertEquals(List.of(), files());
        QueueStore store = queue.store().get();
        StoredMessage stored = store.read(id).orElseThrow();
        String content = new String(store.content(stored).open().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(content.matches("Received: \\(qmail " + result.qp() + " invoked by uid 1005\\); "
                + "\\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d -0000\nSubject: x\n\nhi\n"), content);
        assertEquals(ENVELOPE, stored.envelope());
        assertEquals(1005, stored.uid());
        assertEquals(content.length(), stored.size());
    }

    @Test
    void bigMessageGetsItsOwnSyncedFile() throws Exception {
        queue = TestQueues.activate(home, "inlineLimit", 1000);
        byte[] body = ("Subject: big\n\n" + "b".repeat(5000) + "\n").getBytes(StandardCharsets.US_ASCII);
        InjectResult result = await(queue.inject(ENVELOPE, Origin.NETWORK, new ByteArrayInputStream(body)));
        assertEquals(Outcome.OK, result.outcome());
        assertEquals(List.of(Long.toString(result.messageId())), files());
        String content = Files.readString(home.resolve("queue/msg/" + result.messageId()));
        assertTrue(content.endsWith(new String(body, StandardCharsets.US_ASCII)), content);
        assertEquals(content.length(), queue.store().get().read(result.messageId()).orElseThrow().size());
    }

    @Test
    void brokenStreamQueuesNothingAndIsTemporary54() throws Exception {
        queue = TestQueues.activate(home);
        InputStream broken = new InputStream() {
            private int left = 300_000;

            @Override
            public int read() throws IOException {
                if (left-- <= 0) {
                    throw new IOException("client gone");
                }
                return 'x';
            }
        };
        InjectResult result = await(queue.inject(ENVELOPE, Origin.NETWORK, broken));
        assertEquals(new InjectResult(Outcome.TEMPORARY, 54, "qq read error (#4.3.0)", 0, 0), result);
        // It had spilled to a file of its own (over the inline limit): gone too.
        assertEquals(List.of(), files());
        assertEquals(List.of(), committed());
    }

    @Test
    void addressOver1002BytesIsPermanent11() throws Exception {
        queue = TestQueues.activate(home);
        Envelope tooLong = new Envelope(MailAddress.NULL_SENDER, List.of(new MailAddress("x".repeat(991), "example.com")));
        InjectResult result = await(queue.inject(tooLong, Origin.NETWORK, bytes("x\n")));
        assertEquals(new InjectResult(Outcome.PERMANENT, 11, "envelope address too long for qq (#5.1.3)", 0, 0), result);
        assertEquals(List.of(), committed());
        Envelope limit = new Envelope(MailAddress.NULL_SENDER, List.of(new MailAddress("x".repeat(990), "example.com")));
        assertEquals(Outcome.OK, await(queue.inject(limit, Origin.NETWORK, bytes("x\n"))).outcome());
    }

    @Test
    void lateEnvelopeCommitsAndFailedEnvelopeQueuesNothing() throws Exception {
        queue = TestQueues.activate(home);
        CompletableFuture<Envelope> late = new CompletableFuture<>();
        CompletableFuture<InjectResult> waiting = queue.inject(late, Origin.NETWORK, bytes("body\n")).toCompletableFuture();
        Thread.sleep(100);
        assertTrue(!waiting.isDone());
        late.complete(ENVELOPE);
        assertEquals(Outcome.OK, await(waiting).outcome());

        InjectResult refused = await(queue.inject(CompletableFuture.failedFuture(new IllegalStateException("no rcpt")),
                Origin.NETWORK, bytes("body\n")));
        assertEquals(54, refused.exitCode());
        assertEquals(1, committed().size());
    }

    @Test
    void concurrentInjectionsAreAllQueuedWithDistinctIds() throws Exception {
        queue = TestQueues.activate(home, "workerThreads", 16);
        List<CompletableFuture<InjectResult>> results = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            results.add(queue.inject(ENVELOPE, Origin.BOUNCE, bytes("message " + i + "\n")).toCompletableFuture());
        }
        Set<Long> ids = new HashSet<>();
        for (CompletableFuture<InjectResult> r : results) {
            InjectResult result = await(r);
            assertEquals(Outcome.OK, result.outcome());
            ids.add(result.messageId());
        }
        assertEquals(200, ids.size());
        assertEquals(200, committed().size());
    }

    @Test
    void perMessageSyncModeQueuesToo() throws Exception {
        queue = TestQueues.activate(home, "groupCommit", false);
        assertEquals(Outcome.OK, await(queue.inject(ENVELOPE, Origin.NETWORK, bytes("x\n"))).outcome());
        assertEquals(1, committed().size());
    }

    @Test
    void afterDeactivateInjectionIsTemporary() throws Exception {
        queue = TestQueues.activate(home);
        await(queue.inject(ENVELOPE, Origin.NETWORK, bytes("x\n")));
        queue.deactivate();
        InjectResult result = await(queue.inject(ENVELOPE, Origin.NETWORK, bytes("x\n")));
        assertEquals(Outcome.TEMPORARY, result.outcome());
        assertEquals(62, result.exitCode());
        assertEquals(1, committed().size());
        queue = null;
    }

    @Test
    void restartKeepsCommittedMessagesAndContinuesNumbering() throws Exception {
        queue = TestQueues.activate(home);
        long first = await(queue.inject(ENVELOPE, Origin.NETWORK, bytes("x\n"))).messageId();
        queue.deactivate();
        queue = TestQueues.activate(home);
        assertEquals(List.of(first), queue.store().get().committed());
        long second = await(queue.inject(ENVELOPE, Origin.NETWORK, bytes("y\n"))).messageId();
        assertTrue(second > first);
    }
}

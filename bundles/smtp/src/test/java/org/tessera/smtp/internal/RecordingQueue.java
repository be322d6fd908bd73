package org.tessera.smtp.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.tessera.api.mail.Envelope;
import org.tessera.api.queue.InjectResult;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;

/** A queue that keeps what it is given, for the tests of the SMTP listener. */
final class RecordingQueue implements MailQueue {
    final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
    final List<String> messages = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    @Override
    public CompletionStage<InjectResult> inject(Envelope envelope, Origin origin, InputStream content) {
        return inject(CompletableFuture.completedFuture(envelope), origin, content);
    }

    @Override
    public CompletionStage<InjectResult> inject(CompletionStage<Envelope> envelope, Origin origin,
            InputStream content) {
        return CompletableFuture.supplyAsync(() -> {
            try (InputStream in = content) {
                messages.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                return new InjectResult(InjectResult.Outcome.TEMPORARY, 81, "message cut: " + e.getMessage(), 0, 0);
            }
            envelopes.add(envelope.toCompletableFuture().join());
            long id = ids.incrementAndGet();
            return new InjectResult(InjectResult.Outcome.OK, 0, "", id, id);
        });
    }
}

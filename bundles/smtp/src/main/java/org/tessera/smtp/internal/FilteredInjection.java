package org.tessera.smtp.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.filter.FilterResult;
import org.tessera.api.filter.MessageFilter;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.policy.MailTransaction;
import org.tessera.api.queue.MailQueue;
import org.tessera.api.queue.Origin;
import org.tessera.common.hooks.HookCalls;

/**
 * A DATA transaction on a listener that filters: the message is spooled whole to a file (a
 * filter judges the whole message, and the queue must not commit before it has), the
 * {@link MessageFilter} chain is asked in ranking order, each filter on a thread of the filter pool
 * with the listener's filter deadline, and only an accepted
 * message goes to {@link MailQueue#inject}, with the header fields the accepting filters added
 * put above the listener's {@code Received} line, where a header-adding filter in front of
 * qmail-queue puts them. The spool file is removed once the queue has answered.
 */
final class FilteredInjection {

    static final FilterResult NO_FILTER = new FilterResult(FilterResult.Outcome.DEFER, 451,
            "no message filter is running; try again later (#4.3.0)", List.of());
    static final FilterResult FILTER_FAILED = new FilterResult(FilterResult.Outcome.DEFER, 451,
            "message filter failed; try again later (#4.3.0)", List.of());

    private static final Logger LOG = LoggerFactory.getLogger(FilteredInjection.class);

    private final Path spool;
    private final Executor workers;
    private final HookCalls filterCalls;
    private final Supplier<List<MessageFilter>> filters;
    private final Supplier<Optional<MailQueue>> queue;

    /**
     * @param spool the directory for messages being filtered
     * @param workers runs the spooling, which waits for the client
     * @param filterCalls runs the filters, each with its deadline
     * @param filters the chain, highest ranking first, as it stands when asked
     * @param queue the queue, as it stands when the filters have accepted
     */
    FilteredInjection(Path spool, Executor workers, HookCalls filterCalls, Supplier<List<MessageFilter>> filters,
            Supplier<Optional<MailQueue>> queue) {
        this.spool = spool;
        this.workers = workers;
        this.filterCalls = filterCalls;
        this.filters = filters;
        this.queue = queue;
    }

    /**
     * Takes the message from {@code message} (which the session fills), filters it and queues it.
     *
     * @param transaction the transaction with its sender and every accepted recipient
     * @return the outcome; {@link DataOutcome#FAILED} when {@code message} failed
     */
    CompletionStage<DataOutcome> start(MailTransaction transaction, InputStream message) {
        return CompletableFuture.supplyAsync(() -> spool(message), workers).thenCompose(file -> {
            if (file.isEmpty()) {
                return CompletableFuture.completedFuture(DataOutcome.FAILED);
            }
            return judgeAndQueue(transaction, file.get())
                    .whenComplete((outcome, failure) -> delete(file.get()));
        });
    }

    private Optional<Path> spool(InputStream message) {
        Path file;
        try {
            file = Files.createTempFile(spool, "data", "");
        } catch (IOException e) {
            LOG.warn("cannot create a spool file in {}", spool, e);
            close(message);
            return Optional.empty();
        }
        try (InputStream in = message; OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
            return Optional.of(file);
        } catch (IOException e) {
            // The session failed the stream (it knows why and answers so), or the spool could not be written.
            delete(file);
            return Optional.empty();
        }
    }

    private CompletionStage<DataOutcome> judgeAndQueue(MailTransaction transaction, Path file) {
        List<MessageFilter> chain = filters.get();
        if (chain.isEmpty()) {
            return CompletableFuture.completedFuture(new DataOutcome(null, NO_FILTER));
        }
        List<String> added = new ArrayList<>();
        return judge(chain, 0, transaction, new SpooledContent(file), added).thenCompose(refused -> refused.isPresent()
                ? CompletableFuture.completedFuture(new DataOutcome(null, refused.get()))
                : queue(transaction, file, added));
    }

    // One filter after the other, each on the filter pool; the fields of those accepting go into added.
    private CompletionStage<Optional<FilterResult>> judge(List<MessageFilter> chain, int index,
            MailTransaction transaction, MessageContent content, List<String> added) {
        if (index == chain.size()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        MessageFilter filter = chain.get(index);
        return filterCalls.call(filter, () -> filter.filter(transaction, content)).handle((result, failure) -> {
            if (failure != null) {
                LOG.warn("the message is deferred: {}", HookCalls.failureOf(failure).getMessage());
                return FILTER_FAILED;
            }
            return result;
        }).thenCompose(result -> {
            if (result.outcome() != FilterResult.Outcome.ACCEPT) {
                return CompletableFuture.completedFuture(Optional.of(result));
            }
            added.addAll(result.headers());
            return judge(chain, index + 1, transaction, content, added);
        });
    }

    private CompletionStage<DataOutcome> queue(MailTransaction transaction, Path file, List<String> added) {
        Optional<MailQueue> target = queue.get();
        if (target.isEmpty()) {
            return CompletableFuture.completedFuture(DataOutcome.FAILED);
        }
        InputStream message;
        try {
            message = new SequenceInputStream(new ByteArrayInputStream(fields(added)), Files.newInputStream(file));
        } catch (IOException e) {
            LOG.warn("cannot read back spool file {}", file, e);
            return CompletableFuture.completedFuture(DataOutcome.FAILED);
        }
        Envelope envelope = new Envelope(transaction.sender().orElseThrow(), transaction.recipients());
        return target.get().inject(envelope, Origin.NETWORK, message)
                .thenApply(result -> new DataOutcome(result, null));
    }

    private static byte[] fields(List<String> added) {
        StringBuilder text = new StringBuilder();
        added.forEach(field -> text.append(field).append('\n'));
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    // Closing the session's pipe drops what it holds and lets the client be read to the final dot.
    private static void close(InputStream message) {
        try {
            message.close();
        } catch (IOException e) {
            LOG.warn("cannot close the message stream", e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove spool file {}", file, e);
        }
    }

    /** The spooled message as filters see it: exactly what the queue will store after the added fields. */
    private record SpooledContent(Path spooled) implements MessageContent {
        @Override
        public long size() {
            try {
                return Files.size(spooled);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(spooled);
        }

        @Override
        public Optional<Path> file() {
            return Optional.of(spooled);
        }
    }
}

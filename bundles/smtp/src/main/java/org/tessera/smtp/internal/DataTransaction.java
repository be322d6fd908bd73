package org.tessera.smtp.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;

import org.tessera.api.queue.InjectResult;
import org.tessera.listener.MessagePipe;

/**
 * One DATA transaction between 354 and the final reply: the client's bytes, through qmail's
 * {@code blast()} rules, into the pipe the queue (or the filtering) reads, and the final reply chosen
 * in qmail-smtpd's order of checks.
 */
final class DataTransaction {

    /** qmail-smtpd's MAXHOPS. */
    static final int MAX_HOPS = 100;

    private final DataReceiver receiver = new DataReceiver();
    private final MessagePipe pipe;
    private final CompletionStage<DataOutcome> queued;
    private final long databytes;
    private long bytes;
    private boolean overflow;
    private boolean looping;

    /**
     * @param pipe where the message goes
     * @param queued the queue's (or the filtering's) answer, once the pipe has ended
     * @param databytes the size limit, 0 for none
     */
    DataTransaction(MessagePipe pipe, CompletionStage<DataOutcome> queued, long databytes) {
        this.pipe = pipe;
        this.queued = queued;
        this.databytes = databytes;
    }

    /** The Received lines the session adds, ahead of the client's bytes. */
    void begin(Iterable<String> receivedLines) {
        StringBuilder received = new StringBuilder();
        receivedLines.forEach(line -> received.append(line).append('\n'));
        pipe.put(received.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Takes the client's bytes from {@code chunk[from]} to its end. At {@link DataReceiver.Progress#END}
     * the pipe is finished (or failed, for a looping message) and {@link #consumed()} says where the dot
     * line ended; at {@link DataReceiver.Progress#BARE_LF} the pipe is failed.
     */
    DataReceiver.Progress take(byte[] chunk, int from) {
        byte[] out = new byte[chunk.length - from + 2];
        DataReceiver.Progress progress = receiver.feed(chunk, from, chunk.length, out);
        int length = receiver.written();
        if (progress == DataReceiver.Progress.BARE_LF) {
            pipe.fail("bare LF");
            return progress;
        }
        if (!overflow) {
            bytes += length;
            if (databytes > 0 && bytes > databytes) {
                // qmail keeps reading to the final dot and then answers 552; nothing more is stored.
                overflow = true;
                pipe.fail("message over databytes");
            } else {
                pipe.put(length == out.length ? out : Arrays.copyOf(out, length));
            }
        }
        if (progress == DataReceiver.Progress.END) {
            looping = receiver.hops() >= MAX_HOPS;
            if (looping) {
                pipe.fail("too many hops");
            } else {
                pipe.finish();
            }
        }
        return progress;
    }

    /** After {@link DataReceiver.Progress#END}: the index in the last chunk just after the dot line. */
    int consumed() {
        return receiver.consumed();
    }

    CompletionStage<DataOutcome> queued() {
        return queued;
    }

    /** The message will not be queued: the client went, or the session ended. */
    void fail(String why) {
        pipe.fail(why);
    }

    /** qmail-smtpd's order of checks on the queue's answer (null when the answer failed). */
    Reply finalReply(DataOutcome outcome) {
        InjectResult result = outcome == null ? null : outcome.injected();
        if (result != null && result.outcome() == InjectResult.Outcome.OK) {
            return Reply.of("250 ok " + Instant.now().getEpochSecond() + " qp " + result.qp());
        } else if (outcome != null && outcome.refused() != null) {
            return Reply.refusal(outcome.refused()).because("filter");
        } else if (looping) {
            return Reply.TOO_MANY_HOPS;
        } else if (overflow) {
            return Reply.DATABYTES;
        } else if (result == null) {
            return Reply.QQT_FAILURE;
        }
        return Reply.of((result.outcome() == InjectResult.Outcome.PERMANENT ? "554 " : "451 ") + result.text())
                .because("queue");
    }
}

package org.tessera.queue.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.tessera.api.mail.MailAddress;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.DeliveryChannel;
import org.tessera.api.queue.DeliveryReport;
import org.tessera.api.queue.DeliveryReport.Outcome;

/**
 * The local channel of the delivery kill test: each delivery appends one line to a file and
 * syncs it before it answers, so that every whole line stands for a delivery the queue may have
 * been told of (a line cut short by a kill is one it was not told of). A line is
 * {@code <recipient> <seed>}, or for a bounce {@code bounce <recipient> <seed>} with the seed of
 * the bounced message, found in the copy the bounce quotes; a bounce that does not list exactly
 * the failed recipients of that message is written {@code badbounce}. Before and after the work
 * it prints {@code BEGIN <line>} and {@code END <line>}, so that a kill between the two is known
 * to have hit a running delivery. Recipients {@code ok…} and bounces succeed; {@code fail…} fail
 * for good.
 */
final class FileDelivery implements DeliveryChannel, AutoCloseable {

    static final String NO_MAILBOX = "No mailbox here.\n";

    private final FileChannel file;
    private final PrintStream out;
    private final AtomicInteger threads = new AtomicInteger();
    // As many threads as the scheduler's local concurrency, so that no delivery waits for a thread.
    private final ExecutorService executor = Executors.newFixedThreadPool(10, task -> {
        Thread t = new Thread(task, "file-delivery-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    FileDelivery(Path path, PrintStream out) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        this.out = out;
        // A kill can cut a line short, even one write of a few bytes; end it, so that the next line starts clean.
        try (FileChannel read = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            if (read.size() > 0 && read.read(last, read.size() - 1) == 1 && last.get(0) != '\n') {
                file.write(ByteBuffer.wrap(new byte[] {'\n'}));
                file.force(false);
            }
        }
    }

    // The sleeps run on this channel's threads, never the scheduler's: it must stay free to record reports.
    @Override
    public CompletionStage<DeliveryReport> deliver(long messageId, MailAddress sender, MailAddress recipient,
            MessageContent content) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return deliverNow(sender, recipient, content);
            } catch (IOException | InterruptedException | RuntimeException e) {
                out.println("FAIL delivery of msg " + messageId + ": " + e);
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    private DeliveryReport deliverNow(MailAddress sender, MailAddress recipient, MessageContent content)
            throws IOException, InterruptedException {
        String to = recipient.text();
        String head;
        try (InputStream in = content.open()) {
            // The bounce's head and recipient blocks, then the original's Received line and X-Seed header.
            head = new String(in.readNBytes(16384), StandardCharsets.US_ASCII);
        }
        long seed = seedIn(head);
        boolean bounce = sender.equals(MailAddress.NULL_SENDER);
        String kind = !bounce ? "" : listsFailures(head, seed) ? "bounce " : "badbounce ";
        String line = kind + to + " " + seed;
        out.println("BEGIN " + line);
        // Bounces are slower, so that a kill timed from a bounce's start finds it still running.
        int pause = bounce ? 15 : 5;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Thread.sleep(random.nextInt(pause));
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        // One write of a whole line with APPEND, so that lines of concurrent deliveries do not interleave.
        while (bytes.hasRemaining()) {
            file.write(bytes);
        }
        file.force(false);
        Thread.sleep(random.nextInt(pause));
        out.println("END " + line);
        return bounce || recipient.local().startsWith("ok") ? TestChannel.OK
                : new DeliveryReport(Outcome.PERMANENT, NO_MAILBOX);
    }

    private static long seedIn(String text) {
        int at = text.indexOf("\nX-Seed: ");
        if (at < 0) {
            throw new IllegalStateException("no X-Seed header in the first 16 KB");
        }
        int end = text.indexOf('\n', at + 1);
        return Long.parseLong(text.substring(at + "\nX-Seed: ".length(), end));
    }

    private static boolean listsFailures(String head, long seed) {
        for (MailAddress r : DeliveryKillChild.envelope(seed).recipients()) {
            boolean listed = head.contains("<" + r.text() + ">:\n" + NO_MAILBOX);
            if (listed != r.local().startsWith("fail")) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        executor.shutdownNow();
        file.close();
    }
}

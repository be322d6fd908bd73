package org.tessera.queue.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group commit: one thread appends every record that arrived while the previous batch was
 * being synced, in one gathering write, then makes them all durable with one {@code fdatasync}
 * of the current segment. A record's effect ({@code apply}) runs on this thread after the sync
 * and before its future completes, so nothing is acknowledged or acted on before it is durable,
 * and every record's effects are applied in log order.
 *
 * <p>New messages from outside are refused while less than a reserve of two segments (at most an
 * eighth of the file system) would be left free after them: what drains the queue (delivery
 * results, removals, bounces, relocation) is itself written to the log, so a queue whose
 * injections took the last bytes could never free them again.
 */
final class QueueLog {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLog.class);

    /** Where a record landed: its segment and the position of its frame. */
    record Placement(Segment segment, long position) {
    }

    private record Request(ByteBuffer[] frame, boolean syncMessages, boolean needsReserve,
            Consumer<Placement> apply, CompletableFuture<Void> done) {
    }

    private final Path logDirectory;
    private final Path messageDirectory;
    private final long segmentBytes;
    private final int maxBatch;
    private final FileStore disk;
    private final long reserve;
    private final Deque<Segment> segments;
    private final BlockingQueue<Request> pending = new LinkedBlockingQueue<>();
    private final Object stopLock = new Object();
    private Runnable afterBatch = () -> { };
    private Segment current;
    private boolean sealed;
    private Thread thread;
    private volatile boolean closing;
    private boolean stopped;
    private boolean refusing;

    /**
     * @param segments the recovered segments, oldest first, the last one new and empty
     * @param segmentBytes a segment this long or longer is closed before the next batch
     * @param maxBatch records per sync at most; 1 syncs each record on its own
     */
    QueueLog(Path logDirectory, Path messageDirectory, Deque<Segment> segments, long segmentBytes, int maxBatch)
            throws IOException {
        this.logDirectory = logDirectory;
        this.messageDirectory = messageDirectory;
        this.segments = new ArrayDeque<>(segments);
        this.current = this.segments.peekLast();
        this.segmentBytes = segmentBytes;
        this.maxBatch = maxBatch;
        this.disk = Files.getFileStore(logDirectory);
        this.reserve = Math.min(2 * segmentBytes, disk.getTotalSpace() / 8);
    }

    /** Starts the thread; {@code afterBatch} runs on it after each batch is applied (segment cleaning). */
    void start(String threadName, Runnable cleaner) {
        this.afterBatch = cleaner;
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Appends a record that may use the reserve.
     *
     * @param syncMessages also sync {@code msg/} before this record is durable (a new big message's file)
     * @param apply its effect, run on the log thread once the record is durable
     * @return completes when the record is durable and applied; exceptionally when it could not be written
     */
    CompletableFuture<Void> append(ByteBuffer[] frame, boolean syncMessages, Consumer<Placement> apply) {
        return append(frame, syncMessages, false, apply);
    }

    /**
     * Appends a record.
     *
     * @param needsReserve refuse it (a new message from outside) while the reserve is not free after it
     */
    CompletableFuture<Void> append(ByteBuffer[] frame, boolean syncMessages, boolean needsReserve,
            Consumer<Placement> apply) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (stopLock) {
            if (stopped) {
                done.completeExceptionally(new IOException("queue stopped"));
            } else {
                pending.add(new Request(frame, syncMessages, needsReserve, apply, done));
            }
        }
        return done;
    }

    /** The segments, oldest first; log thread only. */
    Deque<Segment> segments() {
        return segments;
    }

    /**
     * Writes records at once, on the log thread (the cleaner's relocation), and syncs them.
     *
     * @return where each landed, in order
     */
    List<Placement> writeNow(List<ByteBuffer[]> frames) throws IOException {
        if (sealed) {
            roll();
        }
        List<Placement> placements = new ArrayList<>(frames.size());
        long position = current.size;
        List<ByteBuffer> all = new ArrayList<>();
        for (ByteBuffer[] frame : frames) {
            placements.add(new Placement(current, position));
            for (ByteBuffer b : frame) {
                position += b.remaining();
                all.add(b);
            }
        }
        write(all.toArray(ByteBuffer[]::new), position, false);
        return placements;
    }

    /** Syncs the log directory, so that segments created or unlinked stay so after a crash. */
    void syncLogDirectory() throws IOException {
        syncDirectory(logDirectory);
    }

    private void loop() {
        List<Request> batch = new ArrayList<>();
        while (true) {
            Request first;
            try {
                first = pending.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
                closing = true;
            }
            if (first == null) {
                if (closing) {
                    synchronized (stopLock) {
                        if (pending.isEmpty()) {
                            stopped = true;
                            return;
                        }
                    }
                }
                continue;
            }
            batch.add(first);
            pending.drainTo(batch, maxBatch - 1);
            try {
                commit(batch);
                afterBatch.run();
            } catch (RuntimeException bug) {
                LOG.error("queue log thread failed", bug);
                batch.forEach(r -> r.done.completeExceptionally(bug));
            }
            batch.clear();
        }
    }

    private void commit(List<Request> requests) {
        List<Request> batch = withinReserve(requests);
        if (batch.isEmpty()) {
            return;
        }
        List<ByteBuffer> all = new ArrayList<>();
        boolean syncMessages = false;
        try {
            if (sealed || current.size >= segmentBytes) {
                roll();
            }
            long position = current.size;
            long[] positions = new long[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                Request r = batch.get(i);
                positions[i] = position;
                for (ByteBuffer b : r.frame) {
                    position += b.remaining();
                    all.add(b);
                }
                syncMessages |= r.syncMessages;
            }
            write(all.toArray(ByteBuffer[]::new), position, syncMessages);
            for (int i = 0; i < batch.size(); i++) {
                Request r = batch.get(i);
                r.apply.accept(new Placement(current, positions[i]));
                r.done.complete(null);
            }
        } catch (IOException e) {
            LOG.warn("trouble writing the queue log {}: {}", current.file, e.toString());
            batch.forEach(r -> r.done.completeExceptionally(e));
        }
    }

    // A big message's file is already on the disk, so the free space counts it.
    private List<Request> withinReserve(List<Request> batch) {
        long wanted = 0;
        for (Request r : batch) {
            if (r.needsReserve) {
                for (ByteBuffer b : r.frame) {
                    wanted += b.remaining();
                }
            }
        }
        if (wanted == 0) {
            return batch;
        }
        long free;
        try {
            free = disk.getUsableSpace();
        } catch (IOException e) {
            // The write itself will tell.
            return batch;
        }
        if (free >= reserve + wanted) {
            refusing = false;
            return batch;
        }
        if (!refusing) {
            refusing = true;
            LOG.warn("queue disk nearly full: {} bytes free; new messages refused until {} bytes are free",
                    free, reserve);
        }
        IOException full = new IOException("queue disk nearly full: the last " + reserve
                + " bytes are kept for delivery results, removals and bounces");
        List<Request> kept = new ArrayList<>();
        for (Request r : batch) {
            if (r.needsReserve) {
                r.done.completeExceptionally(full);
            } else {
                kept.add(r);
            }
        }
        return kept;
    }

    // On failure the segment is cut back to its last synced record. After a failed sync it is not
    // written again: the kernel may have dropped the pages, so their fate is unknown. A failed
    // write (a full disk) leaves it usable once it is cut back.
    private void write(ByteBuffer[] buffers, long end, boolean syncMessages) throws IOException {
        long start = current.size;
        try {
            current.channel.position(start);
            long left = end - start;
            while (left > 0) {
                left -= current.channel.write(buffers);
            }
        } catch (IOException e) {
            cutBack(start, e);
            throw e;
        }
        try {
            if (syncMessages) {
                syncDirectory(messageDirectory);
            }
            current.channel.force(false);
        } catch (IOException e) {
            sealed = true;
            cutBack(start, e);
            throw e;
        }
        current.size = end;
    }

    private void cutBack(long size, IOException cause) {
        try {
            current.channel.truncate(size);
            current.channel.force(false);
        } catch (IOException alsoBroken) {
            sealed = true;
            cause.addSuppressed(alsoBroken);
        }
    }

    private void roll() throws IOException {
        Segment next = Segment.create(logDirectory, current.number + 1);
        try {
            syncDirectory(logDirectory);
        } catch (IOException e) {
            next.delete();
            throw e;
        }
        segments.addLast(next);
        current = next;
        sealed = false;
    }

    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    /** Writes what is pending, then stops the thread; later appends fail. */
    void close() throws InterruptedException {
        closing = true;
        if (thread != null) {
            thread.join();
        }
        synchronized (stopLock) {
            stopped = true;
        }
        Request left;
        while ((left = pending.poll()) != null) {
            left.done.completeExceptionally(new IOException("queue stopped"));
        }
        segments.forEach(Segment::close);
    }
}

package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.mail.Envelope;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * The queue directory: the log of records ({@code log/<n>}), the files of big messages
 * ({@code msg/<id>}), and the index of live messages rebuilt from them at start. The layout and
 * its crash states are described in this bundle's README.
 */
public final class QueueStore {

    /** How the store writes; {@link #DEFAULTS} unless a test or the benchmark says otherwise. */
    public record Settings(long segmentBytes, int inlineLimit, boolean groupCommit, long relocateAbove) {
        /** 16 MiB segments, messages up to 128 KiB inside the log, group commit on. */
        public static final Settings DEFAULTS = new Settings(16L << 20, 128 << 10, true, 64L << 20);
    }

    private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);
    // Records per sync at most: bounds one batch's write to a few MB.
    private static final int MAX_BATCH = 1024;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

    private final Path directory;
    private final Path logDirectory;
    private final Path messageDirectory;
    private final Path bad;
    private final Settings settings;
    private final AtomicLong lastId = new AtomicLong();
    // Guarded by itself: changed on the log thread, read by the scheduler and by deliveries.
    private final Map<Long, Entry> index = new TreeMap<>();
    private QueueLog log;
    private List<String> damage = List.of();

    /** Creates the store for {@code <home>/queue}; touches nothing on disk. */
    public QueueStore(Path queueDirectory) {
        this(queueDirectory, Settings.DEFAULTS);
    }

    public QueueStore(Path queueDirectory, Settings settings) {
        this.directory = queueDirectory;
        this.logDirectory = queueDirectory.resolve("log");
        this.messageDirectory = queueDirectory.resolve("msg");
        this.bad = queueDirectory.resolve("bad");
        this.settings = settings;
    }

    /** The queue directory. */
    public Path directory() {
        return directory;
    }

    /** The directory of big messages' files. */
    public Path messageDirectory() {
        return messageDirectory;
    }

    Settings settings() {
        return settings;
    }

    /**
     * qmail-clean at start: replays the log, cuts what a crash left half-written, moves aside
     * what is damaged, then starts the log thread. Must run once, before anything else.
     *
     * @return the numbers of the committed messages, ascending
     */
    public List<Long> recover() throws IOException {
        for (Path dir : List.of(logDirectory, messageDirectory, bad)) {
            Files.createDirectories(dir);
            keepPrivate(dir);
        }
        Recovery recovery = new Recovery(logDirectory, messageDirectory, bad);
        recovery.run();
        synchronized (index) {
            index.putAll(recovery.entries);
        }
        damage = List.copyOf(recovery.damage);
        lastId.set(recovery.lastId);
        log = new QueueLog(logDirectory, messageDirectory, recovery.segments, settings.segmentBytes(),
                settings.groupCommit() ? MAX_BATCH : 1);
        log.start("tessera-queue-log", this::clean);
        for (long id : recovery.movedAside) {
            log.append(LogRecords.removed(id), false, placement -> { });
        }
        return committed();
    }

    /**
     * Takes group and others' access away from one of the store's directories, also one made before:
     * queued messages are their senders' and recipients' business, and qmail's queue is not readable by
     * other users either. Left as it is, with a warning, where that fails (a file system without modes).
     */
    private static void keepPrivate(Path dir) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
            if (!OWNER_ONLY.containsAll(mode)) {
                mode.retainAll(OWNER_ONLY);
                Files.setPosixFilePermissions(dir, mode);
            }
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("cannot make {} readable by the server's user only; other users may read queued messages", dir, e);
        }
    }

    /** How many damaged messages or log files recovery moved to {@code bad/}. */
    public int corrupt() {
        return damage.size();
    }

    /** What recovery found damaged, one {@code alert:} line each. */
    public List<String> damage() {
        return damage;
    }

    /** Stops the log thread after writing what is pending. */
    public void close() throws InterruptedException {
        if (log != null) {
            log.close();
        }
    }

    /** Lists the committed messages, ascending. */
    public List<Long> committed() {
        synchronized (index) {
            return List.copyOf(index.keySet());
        }
    }

    /** Reads a committed message's envelope and recipient states; empty when it is not (or no longer) there. */
    public Optional<StoredMessage> read(long id) {
        synchronized (index) {
            return Optional.ofNullable(index.get(id)).map(Entry::snapshot);
        }
    }

    /**
     * Returns a committed message's content. It stays readable while the message is in the
     * queue, wherever the log moves it; {@link MessageContent#file()} is present for big messages,
     * {@link MessageContent#arrival()} always.
     */
    public MessageContent content(StoredMessage message) {
        long id = message.id();
        long size = message.size();
        Optional<Instant> arrival = Optional.of(message.birth());
        boolean inline;
        synchronized (index) {
            Entry entry = index.get(id);
            inline = entry == null || entry.inline;
        }
        Optional<Path> file = inline ? Optional.empty() : Optional.of(bigFile(id));
        return new MessageContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                if (file.isPresent()) {
                    return Files.newInputStream(file.get());
                }
                synchronized (index) {
                    Entry entry = index.get(id);
                    if (entry == null) {
                        throw new NoSuchFileException("message " + id + " is no longer in the queue");
                    }
                    // Under the index lock, so that the cleaner cannot unlink it between lookup and open.
                    return entry.segment.open(entry.contentPosition, size);
                }
            }

            @Override
            public Optional<Path> file() {
                return file;
            }

            @Override
            public Optional<Instant> arrival() {
                return arrival;
            }
        };
    }

    /**
     * Records a recipient's result. Its future completes once the record is synced; the effect
     * on the index is applied then, so a crash before it repeats the delivery (at least once).
     *
     * @param nextAttempt for a deferral, when it is due again (epoch seconds)
     */
    public CompletableFuture<Void> record(long id, int recipient, State state, String report, long nextAttempt) {
        return log.append(LogRecords.state(id, recipient, state, nextAttempt, report), false, placement -> {
            synchronized (index) {
                Entry entry = index.get(id);
                if (entry != null && recipient < entry.states.length) {
                    entry.set(recipient, state, report, nextAttempt);
                }
            }
        });
    }

    /** Records a recipient's result with no next attempt. */
    public CompletableFuture<Void> record(long id, int recipient, State state, String report) {
        return record(id, recipient, state, report, 0);
    }

    /**
     * Removes a finished message. A crash before the record is synced brings it back finished,
     * and it is simply ended again; a big message's file goes only once the record is durable.
     */
    public CompletableFuture<Void> remove(long id) {
        return log.append(LogRecords.removed(id), false, placement -> {
            Entry gone;
            synchronized (index) {
                gone = index.remove(id);
                if (gone != null) {
                    gone.leave();
                }
            }
            if (gone != null && !gone.inline) {
                try {
                    Files.deleteIfExists(bigFile(id));
                } catch (IOException e) {
                    // Recovery removes a file no record owns.
                    LOG.warn("unable to unlink {}", bigFile(id), e);
                }
            }
        });
    }

    /** Reserves a message number for an injection; only valid after {@link #recover()}. */
    long nextId() {
        return lastId.incrementAndGet();
    }

    Path bigFile(long id) {
        return messageDirectory.resolve(Long.toString(id));
    }

    /**
     * Commits an injection: its M record, with the content inline or (big message) already
     * synced in {@link #bigFile}. The commit point is the sync of the record.
     *
     * @param bounce the queue's own bounce, which drains it and so may use the log's reserve
     */
    CompletableFuture<Void> commit(StoredMessage message, byte[] inlineContent, int inlineLength, boolean bounce) {
        boolean inline = inlineContent != null;
        ByteBuffer[] frame = LogRecords.message(message, inline, inlineContent, inlineLength);
        int headLength = frame[0].remaining() - LogRecords.HEADER;
        return log.append(frame, !inline, !bounce, placement -> {
            Entry entry = new Entry(message, inline);
            entry.place(placement.segment(), placement.position(), headLength);
            synchronized (index) {
                index.put(message.id(), entry);
            }
        });
    }

    /** Removes what an injection that failed before its commit point wrote; errors are only logged. */
    void discard(long id) {
        try {
            Files.deleteIfExists(bigFile(id));
        } catch (IOException e) {
            LOG.warn("unable to unlink {}", bigFile(id), e);
        }
    }

    /**
     * Runs on the log thread after each batch. Unlinks the oldest segments once nothing live is
     * in them (oldest first only: a later segment may hold the X record that ends a message of
     * an earlier one). When the log holds more than twice the live bytes (and more than
     * {@code relocateAbove}), copies the oldest segment's live messages to the current segment,
     * so that a few long-deferred messages cannot pin the whole log.
     */
    private void clean() {
        Deque<Segment> segments = log.segments();
        try {
            boolean unlinked = false;
            while (segments.size() > 1 && segments.peekFirst().live == 0) {
                segments.pollFirst().delete();
                unlinked = true;
            }
            long total = 0;
            long live = 0;
            for (Segment s : segments) {
                total += s.size;
                live += s.liveBytes;
            }
            if (segments.size() > 1 && total > Math.max(settings.relocateAbove(), 2 * live)) {
                relocate(segments.pollFirst());
                unlinked = true;
            }
            if (unlinked) {
                log.syncLogDirectory();
            }
        } catch (IOException e) {
            LOG.warn("trouble cleaning the queue log: {}", e.toString());
        }
    }

    private void relocate(Segment oldest) throws IOException {
        List<Entry> moving = new ArrayList<>();
        List<ByteBuffer[]> frames = new ArrayList<>();
        List<Integer> heads = new ArrayList<>();
        synchronized (index) {
            for (Entry entry : index.values()) {
                if (entry.segment == oldest) {
                    moving.add(entry);
                }
            }
        }
        for (Entry entry : moving) {
            byte[] content = null;
            if (entry.inline) {
                content = new byte[(int) entry.size];
                try (InputStream in = oldest.open(entry.contentPosition, entry.size)) {
                    if (in.readNBytes(content, 0, content.length) != content.length) {
                        throw new IOException("segment " + oldest.file + " ends inside message " + entry.id);
                    }
                }
            }
            ByteBuffer[] frame;
            synchronized (index) {
                frame = LogRecords.message(entry.snapshot(), entry.inline, content, content == null ? 0 : content.length);
            }
            heads.add(frame[0].remaining() - LogRecords.HEADER);
            frames.add(frame);
        }
        try {
            List<QueueLog.Placement> placements = log.writeNow(frames);
            synchronized (index) {
                for (int i = 0; i < moving.size(); i++) {
                    Entry entry = moving.get(i);
                    entry.leave();
                    entry.place(placements.get(i).segment(), placements.get(i).position(), heads.get(i));
                }
            }
        } catch (IOException e) {
            log.segments().addFirst(oldest);
            throw e;
        }
        oldest.delete();
    }

    /** A live message in the index: its latest snapshot plus the states recorded since, and where its M record is. */
    static final class Entry {
        final long id;
        final long qp;
        final long uid;
        final Instant birth;
        final long size;
        final Envelope envelope;
        final boolean inline;
        final State[] states;
        final String[] reports;
        final long[] nextAttempts;
        Segment segment;
        long contentPosition;
        long recordBytes;

        Entry(StoredMessage m, boolean inline) {
            this.id = m.id();
            this.qp = m.qp();
            this.uid = m.uid();
            this.birth = m.birth();
            this.size = m.size();
            this.envelope = m.envelope();
            this.inline = inline;
            this.states = m.states().toArray(State[]::new);
            this.reports = m.reports().toArray(String[]::new);
            this.nextAttempts = m.nextAttempts().stream().mapToLong(Long::longValue).toArray();
        }

        void set(int index, State state, String report, long nextAttempt) {
            states[index] = state;
            reports[index] = report;
            nextAttempts[index] = nextAttempt;
        }

        /** Puts its M record (frame at {@code position}, {@code headLength} body bytes before the content) in {@code segment}. */
        void place(Segment where, long position, int headLength) {
            segment = where;
            contentPosition = position + LogRecords.HEADER + headLength;
            recordBytes = LogRecords.HEADER + headLength + (inline ? size : 0);
            where.live++;
            where.liveBytes += recordBytes;
        }

        void leave() {
            segment.live--;
            segment.liveBytes -= recordBytes;
        }

        StoredMessage snapshot() {
            return new StoredMessage(id, qp, uid, birth, size, envelope, Arrays.asList(states),
                    Arrays.asList(reports), Arrays.stream(nextAttempts).boxed().toList());
        }
    }
}

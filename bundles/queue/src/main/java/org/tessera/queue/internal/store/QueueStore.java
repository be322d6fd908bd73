package org.tessera.queue.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tessera.api.mail.MessageContent;
import org.tessera.api.queue.QueuedRecipient.State;

/**
 * The queue directory and the operations on committed messages; the layout is described in
 * this bundle's README ({@code msg/<id>}, {@code msg/<id>.new}, {@code msg/<id>.env}, {@code bad/}).
 */
public final class QueueStore {

    static final String NEW = ".new";
    static final String ENV = ".env";

    private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);

    private final Path msg;
    private final Path bad;
    private final AtomicLong lastId = new AtomicLong();
    // Appends of different deliveries of one message must not interleave; one lock is enough,
    // an append is a short write and a sync.
    private final Object appendLock = new Object();

    /** Creates the store for {@code <home>/queue}; touches nothing on disk. */
    public QueueStore(Path queueDirectory) {
        this.msg = queueDirectory.resolve("msg");
        this.bad = queueDirectory.resolve("bad");
    }

    /** The directory of message and envelope files. */
    public Path messageDirectory() {
        return msg;
    }

    Path content(long id) {
        return msg.resolve(Long.toString(id));
    }

    Path pending(long id) {
        return msg.resolve(id + NEW);
    }

    Path envelope(long id) {
        return msg.resolve(id + ENV);
    }

    /** Reserves a message number for an injection; only valid after {@link #recover()}. */
    long nextId() {
        return lastId.incrementAndGet();
    }

    /**
     * qmail-clean at start: creates missing directories, removes every injection that never
     * reached its commit point, cuts torn state records, moves corrupt messages to {@code bad/}.
     * Must run before the first injection.
     *
     * @return the numbers of the committed messages, ascending
     */
    public List<Long> recover() throws IOException {
        Files.createDirectories(msg);
        Files.createDirectories(bad);
        new Recovery(this, bad).run();
        List<Long> ids = committed();
        lastId.set(ids.isEmpty() ? 0 : ids.get(ids.size() - 1));
        return ids;
    }

    /** Lists the committed messages (those whose {@code .env} exists), ascending. */
    public List<Long> committed() throws IOException {
        List<Long> ids = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(msg, "*" + ENV)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                ids.add(Long.parseLong(name.substring(0, name.length() - ENV.length())));
            }
        }
        ids.sort(null);
        return ids;
    }

    /** Reads a committed message's envelope and recipient states; empty when it is not (or no longer) there. */
    public Optional<StoredMessage> read(long id) throws IOException {
        try {
            return Optional.of(EnvelopeFile.decode(id, Files.readAllBytes(envelope(id))));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        }
    }

    /** Returns a committed message's content; its {@link MessageContent#file()} is the stored file. */
    public MessageContent content(StoredMessage message) {
        Path file = content(message.id());
        long size = message.size();
        return new MessageContent() {
            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(file);
            }

            @Override
            public Optional<Path> file() {
                return Optional.of(file);
            }
        };
    }

    /**
     * Records a recipient's result durably (appended and synced before returning), so that a
     * crash after it neither repeats a delivery nor loses a failure report.
     */
    public void record(long id, int recipient, State state, String report) throws IOException {
        byte[] bytes = EnvelopeFile.state(recipient, state, report);
        synchronized (appendLock) {
            try (FileChannel file = FileChannel.open(envelope(id), StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    file.write(buffer);
                }
                file.force(false);
            }
        }
    }

    /**
     * Removes a finished message: the envelope first, so that a crash in between leaves only
     * content without envelope, which recovery removes as debris. Not synced: if the removal is
     * lost in a crash the message comes back finished, and is simply removed again.
     */
    public void remove(long id) throws IOException {
        Files.deleteIfExists(envelope(id));
        Files.deleteIfExists(content(id));
    }

    /** Renames an injection's envelope into place: the commit point, once the directory is synced. */
    void rename(long id) throws IOException {
        Files.move(pending(id), envelope(id), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Removes an injection that failed before it was acknowledged; errors are only logged. */
    void discard(long id) {
        for (Path file : new Path[] {envelope(id), pending(id), content(id)}) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("unable to unlink {}", file, e);
            }
        }
    }

    /** Syncs the message directory, which makes new and renamed entries in it durable. */
    void syncDirectory() throws IOException {
        try (FileChannel dir = FileChannel.open(msg, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}

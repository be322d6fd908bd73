package org.tessera.queue.internal.store;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * qmail-clean's start-up pass, for the log layout: replays every segment in order into the
 * index, cuts the torn tail a crash left at the end of the last segment, moves aside what is
 * damaged, removes big-message files no record owns, and opens a new segment for this run.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Path logDirectory;
    private final Path messageDirectory;
    private final Path bad;
    final Map<Long, QueueStore.Entry> entries = new TreeMap<>();
    final Deque<Segment> segments = new ArrayDeque<>();
    long lastId;
    /** One line per damaged thing found, for the mail log. */
    final List<String> damage = new ArrayList<>();
    /** Messages found damaged whose records must be ended by an X record, so that they are not found again. */
    final List<Long> movedAside = new ArrayList<>();

    Recovery(Path logDirectory, Path messageDirectory, Path bad) {
        this.logDirectory = logDirectory;
        this.messageDirectory = messageDirectory;
        this.bad = bad;
    }

    void run() throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(logDirectory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.matches("[0-9]{1,18}")) {
                    numbers.add(Long.parseLong(name));
                } else {
                    LOG.warn("unknown file {} in the queue log; left alone", file);
                }
            }
        }
        numbers.sort(null);
        for (int i = 0; i < numbers.size(); i++) {
            Segment segment = Segment.open(logDirectory.resolve(Long.toString(numbers.get(i))), numbers.get(i));
            segments.addLast(segment);
            replay(segment, i == numbers.size() - 1);
        }
        checkBigMessages();
        long next = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
        segments.addLast(Segment.create(logDirectory, next));
        QueueLog.syncDirectory(logDirectory);
    }

    private void replay(Segment segment, boolean last) throws IOException {
        long position = 0;
        long end = segment.channel.size();
        DataInputStream in = new DataInputStream(new BufferedInputStream(
                Channels.newInputStream(segment.channel.position(0)), 64 * 1024));
        while (position < end) {
            byte[] body;
            try {
                int length = in.readInt();
                int crc = in.readInt();
                if (length <= 0 || length > end - position - LogRecords.HEADER) {
                    throw new IOException("bad record length " + length);
                }
                body = new byte[length];
                in.readFully(body);
                if (!LogRecords.intact(body, crc)) {
                    throw new IOException("record fails its CRC");
                }
                apply(segment, position, LogRecords.decode(body));
            } catch (IOException damaged) {
                if (last) {
                    // Never synced, so never acknowledged: the end of what the crash left.
                    segment.channel.truncate(position);
                    segment.channel.force(false);
                } else {
                    Path copy = bad.resolve("log-" + segment.number);
                    Files.copy(segment.file, copy, StandardCopyOption.REPLACE_EXISTING);
                    damage.add("alert: queue log " + segment.file + " damaged at byte " + position + " ("
                            + damaged.getMessage() + "); its records from there on are lost, the file is copied to "
                            + copy);
                    LOG.error(damage.get(damage.size() - 1));
                }
                break;
            }
            position += LogRecords.HEADER + body.length;
        }
        segment.size = Math.min(position, end);
    }

    private void apply(Segment segment, long position, LogRecords.Decoded record) {
        lastId = Math.max(lastId, record.id());
        switch (record.type()) {
            case LogRecords.MESSAGE -> {
                QueueStore.Entry old = entries.remove(record.id());
                if (old != null) {
                    old.leave();
                }
                QueueStore.Entry entry = new QueueStore.Entry(record.message(), record.inline());
                entry.place(segment, position, record.contentOffset());
                entries.put(record.id(), entry);
            }
            case LogRecords.STATE -> {
                QueueStore.Entry entry = entries.get(record.id());
                if (entry != null && record.index() < entry.states.length) {
                    entry.set(record.index(), record.state(), record.report(), record.nextAttempt());
                }
            }
            default -> {
                QueueStore.Entry gone = entries.remove(record.id());
                if (gone != null) {
                    gone.leave();
                }
            }
        }
    }

    // A big message's file is synced (file and msg/) before its M record: a record without its
    // file, or with one of another size, is damage; a file without a record is an injection cut
    // off before its commit point, or a removal whose unlink the crash undid.
    private void checkBigMessages() throws IOException {
        for (QueueStore.Entry entry : List.copyOf(entries.values())) {
            if (entry.inline) {
                continue;
            }
            Path file = messageDirectory.resolve(Long.toString(entry.id));
            long size = Files.exists(file) ? Files.size(file) : -1;
            if (size != entry.size) {
                damage.add("alert: message " + entry.id + " has " + (size < 0 ? "none" : size) + " of its "
                        + entry.size + " bytes; moved to " + bad);
                LOG.error(damage.get(damage.size() - 1));
                if (size >= 0) {
                    Files.move(file, bad.resolve(Long.toString(entry.id)), StandardCopyOption.REPLACE_EXISTING);
                }
                entries.remove(entry.id).leave();
                movedAside.add(entry.id);
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(messageDirectory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.matches("[0-9]{1,18}")) {
                    LOG.warn("unknown file {} in the queue; left alone", file);
                    continue;
                }
                long id = Long.parseLong(name);
                lastId = Math.max(lastId, id);
                if (!entries.containsKey(id)) {
                    Files.delete(file);
                }
            }
        }
    }
}

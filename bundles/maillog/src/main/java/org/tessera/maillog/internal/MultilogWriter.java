package org.tessera.maillog.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A multilog log directory ({@code multilog t sSIZE nNUM dir}): TAI64N-labelled lines appended to
 * {@code current}, rotated by size into {@code @<tai64n>.s}.
 *
 * <p>As multilog: {@code current} is mode 0644 while written and 0744 once finished (rotated or
 * cleanly closed); a {@code current} found at start with the owner-execute bit set was closed cleanly
 * and is appended to, one without it (a crash) is finished as {@code @<tai64n>.u}. After a rotation
 * the oldest {@code @…} files are removed until fewer than {@code num} remain, so the directory holds
 * at most {@code num} log files counting {@code current}. Unlike multilog, a line is never split
 * across files: {@code current} is rotated before a line that would take it over {@code size}, and
 * after any line that leaves it within 2000 bytes of {@code size} (multilog's rule); only a single
 * line longer than {@code size} makes {@code current} larger. Each event is one {@code write} of whole
 * lines (no partial lines between concurrent callers); data is synced at rotation and close, not per
 * line (multilog does the same). A {@code current} removed or replaced behind our back is noticed at
 * the next line and recreated. A line that cannot be written whole (a full disk) is cut off again.
 */
final class MultilogWriter implements Closeable {

    static final String CURRENT = "current";

    /** multilog's defaults and bounds for {@code s} and {@code n}. */
    static final long DEFAULT_SIZE = 99999;
    static final long MIN_SIZE = 4096;
    static final long MAX_SIZE = 16777215;
    static final int DEFAULT_NUM = 10;
    static final int MIN_NUM = 2;

    private static final int NEAR_FULL = 2000;
    private static final Set<PosixFilePermission> WRITING = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> FINISHED = PosixFilePermissions.fromString("rwxr--r--");

    private final Path dir;
    private final Path current;
    private final long size;
    private final int num;
    private final Supplier<Instant> clock;

    // Guarded by this.
    private FileChannel channel;
    private Object fileKey;
    // When current was last checked to still be the file this writer holds open.
    private Instant checked = Instant.MIN;
    private long bytes;
    private boolean closed;

    /** Opens (creating as needed) the log directory; {@code size} and {@code num} are clamped as multilog does. */
    MultilogWriter(Path dir, long size, int num, Supplier<Instant> clock) throws IOException {
        this.dir = dir;
        this.current = dir.resolve(CURRENT);
        this.size = Math.max(MIN_SIZE, Math.min(MAX_SIZE, size));
        this.num = Math.max(MIN_NUM, num);
        this.clock = clock;
        synchronized (this) {
            start();
        }
    }

    /**
     * Appends {@code message} as one line labelled with {@code time}, when it happened (each embedded
     * newline starts another labelled line).
     */
    void write(Instant time, String message) throws IOException {
        Instant now = clock.get();
        byte[] record = record(Tai64n.label(time), message);
        synchronized (this) {
            if (closed) {
                throw new IOException("mail log closed");
            }
            ensureOpen(now);
            if (bytes > 0 && bytes + record.length > size) {
                rotate();
            }
            ByteBuffer buffer = ByteBuffer.wrap(record);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                cutBack();
                throw e;
            }
            bytes += record.length;
            if (bytes >= size - NEAR_FULL) {
                rotate();
            }
        }
    }

    // A write that found the disk full may have left part of its line: current goes back to its
    // last whole line, so that a reader never sees half an event followed by the next one.
    private void cutBack() {
        try {
            channel.truncate(bytes);
        } catch (IOException e) {
            // Truncating frees space and so rarely fails; if it does, the part stays before the next line.
        }
    }

    /** Syncs {@code current} and marks it finished (0744), as multilog does on exit. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            try {
                channel.force(true);
                if (sameFile()) {
                    setMode(current, FINISHED);
                }
            } finally {
                channel.close();
                channel = null;
            }
        }
    }

    static byte[] record(String label, String message) {
        String text = Objects.toString(message, "");
        StringBuilder out = new StringBuilder(text.length() + 32);
        int from = 0;
        while (true) {
            int nl = text.indexOf('\n', from);
            String line = nl < 0 ? text.substring(from) : text.substring(from, nl);
            out.append(label).append(' ').append(line).append('\n');
            if (nl < 0 || nl == text.length() - 1) {
                break;
            }
            from = nl + 1;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void start() throws IOException {
        Files.createDirectories(dir);
        if (Files.exists(current) && !finishedCleanly(current)) {
            finish(current, "u");
            prune();
        }
        open();
    }

    // At most once a second, not per line: a stat per line was a tenth of the SMTP listener's
    // logging cost, and an operator who moves current away sees the new one within a second.
    private void ensureOpen(Instant now) throws IOException {
        if (channel != null && now.isBefore(checked.plusSeconds(1)) && !now.isBefore(checked)) {
            return;
        }
        checked = now;
        if (channel == null || !sameFile()) {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            Files.createDirectories(dir);
            open();
        }
    }

    private boolean sameFile() {
        try {
            Object key = Files.readAttributes(current, BasicFileAttributes.class).fileKey();
            return key == null || key.equals(fileKey);
        } catch (IOException e) {
            return false;
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(current, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        setMode(current, WRITING);
        fileKey = Files.readAttributes(current, BasicFileAttributes.class).fileKey();
        bytes = channel.size();
    }

    private void rotate() throws IOException {
        channel.force(true);
        channel.close();
        channel = null;
        setMode(current, FINISHED);
        finish(current, "s");
        open();
        syncDirectory();
        prune();
    }

    // Renames a finished file to @<now>.<code>; a name already taken (same microsecond) takes the next label.
    private void finish(Path file, String code) throws IOException {
        Instant at = clock.get();
        for (int attempt = 0; ; attempt++) {
            Path target = dir.resolve(Tai64n.label(at.plusNanos(1000L * attempt)) + "." + code);
            try {
                if (Files.exists(target)) {
                    continue;
                }
                Files.move(file, target);
                return;
            } catch (FileAlreadyExistsException e) {
                // taken meanwhile: next label
            } catch (NoSuchFileException e) {
                return;
            }
        }
    }

    // multilog's filesfit: while there are num or more @ files, remove the one with the smallest name.
    private void prune() throws IOException {
        List<Path> old = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith("@") && name.length() >= Tai64n.LENGTH;
            }).forEach(old::add);
        }
        Collections.sort(old);
        for (int i = 0; old.size() - i >= num; i++) {
            Files.deleteIfExists(old.get(i));
        }
    }

    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some platforms cannot open a directory; the rename is then as durable as the platform makes it.
        }
    }

    private static boolean finishedCleanly(Path file) throws IOException {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        } catch (UnsupportedOperationException e) {
            return true;   // no modes to tell by: keep appending rather than set aside a good file
        }
    }

    private static void setMode(Path file, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(file, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: no modes to keep
        }
    }
}

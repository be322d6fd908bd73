package org.tessera.access.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbTable;
import org.tessera.api.policy.ClientInfo;
import org.tessera.api.policy.ConnectionDecision;

/**
 * One listener's {@code tcp.NAME.cdb}, kept open and reopened when the file changes, as tcpserver
 * sees a new cdb at its next connection. A look costs one stat; the file is reopened only when its
 * identity, time or size changed (tcprules replaces it by rename, giving it a new inode).
 */
final class RulesCdb implements AutoCloseable {

    private final Path file;
    private final CdbFiles cdbFiles;
    // Lookups share the table; swapping it waits for them, so none reads a table being closed.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private Stamp stamp = Stamp.MISSING;
    private Optional<CdbTable> table = Optional.empty();

    RulesCdb(Path file, CdbFiles cdbFiles) {
        this.file = file;
        this.cdbFiles = cdbFiles;
    }

    /**
     * The decision of the first key of {@link LookupKeys} present in the file.
     *
     * @return empty when the file does not exist; {@link ConnectionDecision#ALLOW} when no key matched
     * @throws UncheckedIOException when the file exists but cannot be read (the connection is then dropped,
     *         as tcpserver drops it when its rules cannot be read)
     */
    Optional<ConnectionDecision> check(ClientInfo client) {
        try {
            refresh();
            lock.readLock().lock();
            try {
                if (table.isEmpty()) {
                    return Optional.empty();
                }
                for (String key : LookupKeys.of(client)) {
                    // The rules text is compiled byte for byte; UTF-8 gives the ASCII of addresses and names unchanged.
                    Optional<byte[]> value = table.get().find(key.getBytes(StandardCharsets.UTF_8));
                    if (value.isPresent()) {
                        return Optional.of(RuleValue.decision(value.get()));
                    }
                }
                return Optional.of(ConnectionDecision.ALLOW);
            } finally {
                lock.readLock().unlock();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the rules", e);
        }
    }

    private void refresh() throws IOException {
        Stamp now = Stamp.of(file);
        lock.readLock().lock();
        try {
            if (now.equals(stamp)) {
                return;
            }
        } finally {
            lock.readLock().unlock();
        }
        lock.writeLock().lock();
        try {
            if (!now.equals(stamp)) {
                Optional<CdbTable> opened = now.equals(Stamp.MISSING) ? Optional.empty() : cdbFiles.open(file);
                closeTable();
                table = opened;
                stamp = now;
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            closeTable();
            table = Optional.empty();
            stamp = Stamp.MISSING;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void closeTable() {
        try {
            if (table.isPresent()) {
                table.get().close();
            }
        } catch (IOException e) {
            // a table that cannot be closed holds nothing more we could release
        }
    }

    /** What identifies one version of the file. */
    private record Stamp(Object fileKey, FileTime modified, long size) {

        static final Stamp MISSING = new Stamp(null, FileTime.fromMillis(0), -1);

        static Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
            } catch (NoSuchFileException e) {
                return MISSING;
            }
        }
    }
}

package org.tessera.common.cdbtable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbTable;
import org.tessera.common.files.FileStamp;

/**
 * A cdb file kept open and reopened when it changes, as qmail's readers see a new file at their next
 * lookup (tcpserver's rules, qmail-lspawn's users/cdb): a lookup costs one stat, and the file is
 * reopened only when its identity, time or size changed (tcprules and qmail-newu replace it by rename,
 * giving it a new inode).
 */
public final class ReopeningCdb implements AutoCloseable {

    /** A lookup in the open table. */
    @FunctionalInterface
    public interface Lookup<T> {
        T in(CdbTable table) throws IOException;
    }

    private final Path file;
    private final CdbFiles cdbFiles;
    // Lookups share the table; swapping it waits for them, so none reads a table being closed.
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private FileStamp stamp = FileStamp.MISSING;
    private Optional<CdbTable> table = Optional.empty();

    public ReopeningCdb(Path file, CdbFiles cdbFiles) {
        this.file = file;
        this.cdbFiles = cdbFiles;
    }

    /** The file this table reads. */
    public Path file() {
        return file;
    }

    /**
     * Runs a lookup on the file as it is now.
     *
     * @return the lookup's answer, or {@code whenMissing} when the file does not exist
     * @throws IOException when the file exists but cannot be opened, or the lookup fails
     */
    public <T> T read(Lookup<T> lookup, T whenMissing) throws IOException {
        refresh();
        lock.readLock().lock();
        try {
            return table.isEmpty() ? whenMissing : lookup.in(table.get());
        } finally {
            lock.readLock().unlock();
        }
    }

    private void refresh() throws IOException {
        FileStamp now = FileStamp.of(file);
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
                Optional<CdbTable> opened = now.equals(FileStamp.MISSING) ? Optional.empty() : cdbFiles.open(file);
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
            stamp = FileStamp.MISSING;
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
}

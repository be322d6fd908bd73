package org.tessera.common.cdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

import org.tessera.api.control.CdbFiles;
import org.tessera.api.control.CdbRecord;
import org.tessera.api.control.CdbTable;

/**
 * Reads and writes cdb files (users/cdb, tcprules, morercpthosts.cdb), committing a new file as
 * qmail-newu does: temporary file beside the target, fsync, atomic rename, fsync of the directory.
 * The server's service and the command-line tools both use it.
 */
public final class CdbFileStore implements CdbFiles {

    private static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    @Override
    public Optional<CdbTable> open(Path file) throws IOException {
        return CdbReader.open(file);
    }

    @Override
    public void write(Path file, Iterable<CdbRecord> records) throws IOException {
        Path target = file.toAbsolutePath();
        Path directory = target.getParent();
        // A name of its own per writer, so two rebuilds at once cannot write into one temporary file.
        Path temporary = Files.createTempFile(directory, target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                CdbWriter.write(channel, records);
                channel.force(true);
            }
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                // createTempFile makes 0600; readers running as other users need what the old file had.
                Files.setPosixFilePermissions(temporary,
                        Files.exists(target) ? Files.getPosixFilePermissions(target) : NEW_FILE_MODE);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
        syncDirectory(directory);
    }

    /** Makes the rename durable. Some file systems refuse to sync a directory; the rename itself is done. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // nothing more can be done where directories cannot be synced
        }
    }
}

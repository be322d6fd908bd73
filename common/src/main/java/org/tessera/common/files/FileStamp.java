package org.tessera.common.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What a stat shows of a file, to tell whether something read from it is still current: a rename over
 * it gives a new inode ({@code fileKey}), an edit in place a new size or modification time.
 */
public record FileStamp(Object fileKey, FileTime modified, long size) {

    /** The stamp of a file that does not exist. */
    public static final FileStamp MISSING = new FileStamp(null, FileTime.fromMillis(0), -1);

    /** Stats {@code file}; {@link #MISSING} when there is none. */
    public static FileStamp of(Path file) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(attributes.fileKey(), attributes.lastModifiedTime(), attributes.size());
        } catch (NoSuchFileException e) {
            return MISSING;
        }
    }
}

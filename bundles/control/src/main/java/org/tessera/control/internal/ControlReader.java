package org.tessera.control.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.tessera.api.control.ControlFileException;

/**
 * Reads files of one control directory, telling a missing file (a default applies) from one that
 * cannot be read (qmail's {@code unable to read controls}).
 */
final class ControlReader {

    private final Path directory;

    ControlReader(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The whole file, or empty when it does not exist. */
    Optional<byte[]> bytes(String name) {
        try {
            return Optional.of(Files.readAllBytes(file(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    Optional<String> line(String name) {
        return bytes(name).map(ControlParsers::line);
    }

    OptionalLong number(String name) {
        Optional<byte[]> content = bytes(name);
        return content.isPresent() ? ControlParsers.number(content.get()) : OptionalLong.empty();
    }

    Optional<List<String>> list(String name) {
        return bytes(name).map(ControlParsers::list);
    }

    /**
     * A stamp that changes whenever a file is replaced or rewritten (size, mtime, inode), so that a
     * large cdb file need not be read whole to notice an edit; empty when the file does not exist.
     */
    Optional<byte[]> stamp(String name) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file(name), BasicFileAttributes.class);
            String stamp = attributes.size() + " " + attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS) + " "
                    + attributes.fileKey();
            return Optional.of(stamp.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /** Resolves a plain file name, refusing anything that could leave the control directory. */
    Path file(String name) {
        if (name.isEmpty() || name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0
                || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a control file name: " + name);
        }
        return directory.resolve(name);
    }

    ControlFileException unreadable(String name, IOException cause) {
        return new ControlFileException("unable to read controls: " + file(name) + ": " + cause, cause);
    }
}

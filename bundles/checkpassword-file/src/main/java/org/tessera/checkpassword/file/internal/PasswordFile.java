package org.tessera.checkpassword.file.internal;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Objects;
import java.util.function.Consumer;

import org.tessera.common.files.FileStamp;

/**
 * The password file as the checker sees it: re-read when its size, modification time or inode
 * changed, and the users read before kept when it cannot be read or parsed.
 */
final class PasswordFile {

    /**
     * What the checker uses now.
     *
     * @param table the users of the last good read, or null when there was none yet
     * @param stamp the file as the last read attempt saw it
     * @param settled false when the last attempt failed for a reason the stamp does not show (an I/O
     *        error, a permission), so the next check tries again
     */
    private record State(PasswordTable table, FileStamp stamp, boolean settled) {
    }

    private static final FileStamp MISSING = FileStamp.MISSING;
    private static final FileStamp UNKNOWN = new FileStamp("stat failed", FileTime.fromMillis(0), -1);

    private final Path path;
    private final Consumer<String> warning;
    private final Object lock = new Object();
    private volatile State state = new State(null, null, false);
    // Guarded by lock: the stamp of the last failure warned about, so a failing file warns once, not per login.
    private FileStamp warnedFailure;

    PasswordFile(Path path, Consumer<String> warning) {
        this.path = path;
        this.warning = warning;
    }

    Path path() {
        return path;
    }

    /** The users now, after re-reading the file if it changed; null when it has never been read. */
    PasswordTable table() {
        State current = state;
        if (current.settled() && current.stamp().equals(stampOrUnknown())) {
            return current.table();
        }
        synchronized (lock) {
            reload();
            return state.table();
        }
    }

    private void reload() {
        State current = state;
        FileStamp before = stampOrUnknown();
        if (before == UNKNOWN) {
            fail(UNKNOWN, "cannot stat it", false);
            return;
        }
        if (current.settled() && before.equals(current.stamp())) {
            return; // another thread read it while this one waited
        }
        if (before == MISSING) {
            if (current.stamp() != MISSING) {
                warning.accept(path + " does not exist: no user can log in until it does");
            }
            state = new State(PasswordTable.EMPTY, MISSING, true);
            warnedFailure = null;
            return;
        }
        PasswordTable table;
        try {
            byte[] content = Files.readAllBytes(path);
            if (!before.equals(stampOrUnknown())) {
                return; // written while read: the next check reads the finished file
            }
            table = PasswordTable.parse(content);
        } catch (IOException e) {
            fail(before, describe(e), false);
            return;
        } catch (IllegalArgumentException e) {
            // Only a new version of the file can parse differently.
            fail(before, e.getMessage(), true);
            return;
        }
        for (String message : table.warnings()) {
            warning.accept(path + ": " + message);
        }
        state = new State(table, before, true);
        warnedFailure = null;
    }

    private void fail(FileStamp stamp, String why, boolean settled) {
        State current = state;
        if (!Objects.equals(warnedFailure, stamp)) {
            warnedFailure = stamp;
            warning.accept(path + " cannot be used (" + why + "): " + (current.table() == null
                    ? "every login fails temporarily until it can be read"
                    : "keeping the users read before"));
        }
        state = new State(current.table(), stamp, settled);
    }

    private FileStamp stampOrUnknown() {
        try {
            return FileStamp.of(path);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    // A FileSystemException's message is the path again; its reason, or its class (AccessDeniedException), says why.
    private static String describe(IOException e) {
        if (e instanceof FileSystemException f) {
            return f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

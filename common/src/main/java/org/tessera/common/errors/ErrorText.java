package org.tessera.common.errors;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Map;

/**
 * qmail's {@code error_str}: its words for an errno (Linux numbering), so diagnostics read as qmail's
 * ({@code Unable to switch to /home/joe: file does not exist. (#4.3.0)}), whether the errno comes from
 * a system call, a JDK file exception or a process that would not start.
 */
public final class ErrorText {

    private static final Map<Integer, String> WORDS = Map.ofEntries(
            Map.entry(0, "no error"),
            Map.entry(1, "permission denied"),
            Map.entry(2, "file does not exist"),
            Map.entry(4, "interrupted system call"),
            Map.entry(5, "input/output error"),
            Map.entry(6, "device not configured"),
            Map.entry(7, "argument list too long"),
            Map.entry(8, "exec format error"),
            Map.entry(9, "file descriptor not open"),
            Map.entry(11, "temporary failure"),
            Map.entry(12, "out of memory"),
            Map.entry(13, "access denied"),
            Map.entry(16, "device busy"),
            Map.entry(17, "file already exists"),
            Map.entry(18, "cross-device link"),
            Map.entry(19, "device does not support operation"),
            Map.entry(20, "not a directory"),
            Map.entry(21, "is a directory"),
            Map.entry(22, "invalid argument"),
            Map.entry(23, "system cannot open more files"),
            Map.entry(24, "process cannot open more files"),
            Map.entry(26, "text busy"),
            Map.entry(27, "file too big"),
            Map.entry(28, "out of disk space"),
            Map.entry(29, "unseekable descriptor"),
            Map.entry(30, "read-only file system"),
            Map.entry(31, "too many links"),
            Map.entry(32, "broken pipe"),
            Map.entry(35, "operation would cause deadlock"),
            Map.entry(36, "file name too long"),
            Map.entry(37, "no locks available"),
            Map.entry(38, "system call not available"),
            Map.entry(40, "symbolic link loop"),
            Map.entry(95, "operation not supported"),
            Map.entry(110, "timed out"),
            Map.entry(116, "stale NFS file handle"),
            Map.entry(122, "disk quota exceeded"));

    // The strerror texts the JDK puts in FileSystemException.getReason(), and qmail's words for them.
    private static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("no such file or directory", "file does not exist"),
            Map.entry("permission denied", "access denied"),
            Map.entry("operation not permitted", "permission denied"),
            Map.entry("not a directory", "not a directory"),
            Map.entry("too many levels of symbolic links", "symbolic link loop"),
            Map.entry("file name too long", "file name too long"),
            Map.entry("is a directory", "is a directory"),
            Map.entry("input/output error", "input/output error"),
            Map.entry("no space left on device", "out of disk space"),
            Map.entry("read-only file system", "read-only file system"),
            Map.entry("disk quota exceeded", "disk quota exceeded"));

    private ErrorText() {
    }

    /** qmail's words for an errno; {@code unknown error} for one it has none for. */
    public static String of(int errno) {
        return WORDS.getOrDefault(errno, "unknown error");
    }

    /** qmail's words for the error behind a JDK file exception, or the JDK's own when it has none. */
    public static String of(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "file does not exist";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        String reason = reason(e);
        String known = REASONS.get(reason.toLowerCase(Locale.ROOT));
        return known != null ? known : reason;
    }

    /**
     * qmail's words for why a process did not start: the JDK reports a failed exec as
     * {@code error=<errno>, <strerror>} somewhere in the causes; its own text when there is no errno.
     */
    public static String ofExec(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            int at = message == null ? -1 : message.indexOf("error=");
            if (at < 0) {
                continue;
            }
            int comma = message.indexOf(", ", at);
            try {
                int errno = Integer.parseInt(message.substring(at + "error=".length(), comma < 0 ? message.length() : comma));
                String words = WORDS.get(errno);
                return words != null ? words : comma < 0 ? "unknown error" : message.substring(comma + 2);
            } catch (NumberFormatException notAnErrno) {
                // some other "error=" in a message: keep looking
            }
        }
        return String.valueOf(failure.getMessage());
    }

    /**
     * Whether an open or stat failure means "not there" rather than "cannot tell now" (ENOENT, ENOTDIR,
     * ELOOP, ENAMETOOLONG; EISDIR where Java refuses to open a directory): qmail's {@code error_temp}
     * is false for them.
     */
    public static boolean isAbsent(IOException e) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) {
            return true;
        }
        String text = of(e);
        return text.equals("not a directory") || text.equals("symbolic link loop") || text.equals("file name too long")
                || text.equals("is a directory");
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

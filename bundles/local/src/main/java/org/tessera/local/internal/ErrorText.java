package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Map;

/**
 * qmail's {@code error_str} for the errors Java reports, so diagnostics read as qmail-local's
 * ({@code Unable to switch to /home/joe: file does not exist. (#4.3.0)}), and which of them are
 * permanent for {@code open} and {@code stat} (qmail's {@code error_temp} is false for them).
 */
final class ErrorText {

    // The strerror texts the JDK puts in FileSystemException.getReason(), and qmail's error_str for them.
    private static final Map<String, String> REASONS = Map.of(
            "no such file or directory", "file does not exist",
            "permission denied", "access denied",
            "operation not permitted", "permission denied",
            "not a directory", "not a directory",
            "too many levels of symbolic links", "symbolic link loop",
            "file name too long", "file name too long",
            "is a directory", "is a directory",
            "input/output error", "input/output error",
            "no space left on device", "out of disk space");

    private ErrorText() {
    }

    static String of(IOException e) {
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

    /** Whether an open or stat failure means "not there" rather than "cannot tell now" (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG; EISDIR where Java refuses to open a directory). */
    static boolean isAbsent(IOException e) {
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

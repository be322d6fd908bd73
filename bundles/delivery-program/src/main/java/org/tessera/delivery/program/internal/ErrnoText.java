package org.tessera.delivery.program.internal;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The words of djb's {@code error_str} for what starting a process can fail with, taken from a JDK exception. */
final class ErrnoText {

    // The JDK reports a failed exec as "error=<errno>, <strerror>"; the numbers are Linux's.
    private static final Pattern JDK_ERROR = Pattern.compile("error=(\\d+), (.*)");

    private static final Map<Integer, String> QMAIL_WORDS = Map.ofEntries(
            Map.entry(1, "permission denied"),
            Map.entry(2, "file does not exist"),
            Map.entry(5, "input/output error"),
            Map.entry(7, "argument list too long"),
            Map.entry(8, "exec format error"),
            Map.entry(11, "temporary failure"),
            Map.entry(12, "out of memory"),
            Map.entry(13, "access denied"),
            Map.entry(20, "not a directory"),
            Map.entry(21, "is a directory"),
            Map.entry(23, "system cannot open more files"),
            Map.entry(24, "process cannot open more files"),
            Map.entry(26, "text busy"),
            Map.entry(36, "file name too long"),
            Map.entry(40, "symbolic link loop"));

    private ErrnoText() {
    }

    /** qmail's words for the error behind {@code failure}, or the JDK's text when there is no errno in it. */
    static String of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : JDK_ERROR.matcher(t.getMessage());
            if (m != null && m.find()) {
                return QMAIL_WORDS.getOrDefault(Integer.parseInt(m.group(1)), m.group(2));
            }
        }
        return String.valueOf(failure.getMessage());
    }
}

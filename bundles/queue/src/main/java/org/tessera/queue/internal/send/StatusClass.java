package org.tessera.queue.internal.send;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The class (2, 4 or 5) of the enhanced status code (RFC 3463) a delivery report carries, for the
 * deliveries' meter: qmail's own {@code (#5.1.1)} at the end of a text, else the code a remote server
 * gave after its reply code ({@code Remote host said: 550 5.1.1 ...}).
 */
public final class StatusClass {

    /** The label of a report without an enhanced status code ({@code did 1+0+0}, most remote successes). */
    public static final String NONE = "none";

    private static final Pattern QMAIL = Pattern.compile("\\(#([245])\\.\\d{1,3}\\.\\d{1,3}\\)");
    private static final Pattern REMOTE = Pattern.compile("said: [245]\\d\\d[ -]([245])\\.\\d{1,3}\\.\\d{1,3}(?![.\\d])");

    private StatusClass() {
    }

    /**
     * @param report a delivery report's text
     * @return {@code "2"}, {@code "4"}, {@code "5"} or {@link #NONE}
     */
    public static String of(String report) {
        Matcher qmail = QMAIL.matcher(report);
        if (qmail.find()) {
            return qmail.group(1);
        }
        Matcher remote = REMOTE.matcher(report);
        return remote.find() ? remote.group(1) : NONE;
    }
}

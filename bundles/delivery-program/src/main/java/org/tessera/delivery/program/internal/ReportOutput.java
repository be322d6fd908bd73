package org.tessera.delivery.program.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A program's merged output read to its end, keeping what becomes the report: the bytes before the first
 * NUL (qmail-lspawn ends the report there), at most {@link #LIMIT}. The rest is read and dropped, so the
 * program never blocks on a full pipe.
 */
final class ReportOutput {

    /**
     * One byte over qmail's 3000-byte report limit: enough for the LOCAL channel to see that the report is too
     * long and cut it as qmail-lspawn does (2966 bytes and {@code Error report too long, sorry.}).
     */
    static final int LIMIT = 3001;

    private final byte[] kept = new byte[LIMIT];
    private int length;
    private boolean endedAtNul;

    /** Reads {@code output} to its end. */
    void readAll(InputStream output) throws IOException {
        byte[] buffer = new byte[8192];
        for (int n = output.read(buffer); n >= 0; n = output.read(buffer)) {
            keep(buffer, n);
        }
    }

    private void keep(byte[] buffer, int count) {
        if (endedAtNul) {
            return;
        }
        int end = 0;
        while (end < count && buffer[end] != 0) {
            end++;
        }
        endedAtNul = end < count;
        int copied = Math.min(end, LIMIT - length);
        System.arraycopy(buffer, 0, kept, length, copied);
        length += copied;
    }

    /** Whether a NUL ended the report: qmail's report has nothing after it, not even qmail-local's own lines. */
    boolean endedAtNul() {
        return endedAtNul;
    }

    /** The kept bytes, as UTF-8 (the queue and the mail log store reports as UTF-8). */
    String text() {
        return new String(kept, 0, length, StandardCharsets.UTF_8);
    }

    /** The kept output followed by a line of Tessera's, unless a NUL ended the report before it. */
    String textThen(String line) {
        return endedAtNul ? text() : text() + line;
    }
}

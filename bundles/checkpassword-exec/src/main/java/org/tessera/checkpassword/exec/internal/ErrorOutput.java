package org.tessera.checkpassword.exec.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Drains a checkpassword program's standard error, so it never blocks on a full pipe, and logs its start at DEBUG. */
final class ErrorOutput {

    /** The most bytes of standard error logged. */
    static final int KEPT = 2048;

    private static final Logger LOG = LoggerFactory.getLogger(ErrorOutput.class);

    private ErrorOutput() {
    }

    /** Reads {@code errors} to its end, then logs what {@code program} said there, if anything. */
    static void drain(String program, InputStream errors) {
        byte[] kept = new byte[KEPT];
        int length = 0;
        long total = 0;
        byte[] buffer = new byte[4096];
        try {
            for (int n = errors.read(buffer); n >= 0; n = errors.read(buffer)) {
                int copied = Math.min(n, KEPT - length);
                System.arraycopy(buffer, 0, kept, length, copied);
                length += copied;
                total += n;
            }
        } catch (IOException unreadable) {
            // Nothing to do about it: what was read so far is all there is to log.
        }
        if (length > 0 && LOG.isDebugEnabled()) {
            String text = new String(kept, 0, length, StandardCharsets.UTF_8).stripTrailing();
            LOG.debug("Checkpassword program {} wrote on standard error: {}{}", program, text,
                    total > length ? " [" + (total - length) + " more bytes]" : "");
        }
    }
}

package org.tessera.local.internal;

import java.io.IOException;
import java.io.InputStream;

/**
 * qmail-local's {@code bouncexf}: whether a header line, up to the first empty line, is byte for byte
 * the delivery's {@code Delivered-To} line. Reads the header only, in blocks, keeping no line: a
 * line is compared as it streams past. A last line without LF is not compared, as qmail does not.
 */
final class LoopCheck {

    private LoopCheck() {
    }

    /** @param dtline the DTLINE bytes, LF included */
    static boolean looping(InputStream message, byte[] dtline) throws IOException {
        int wanted = dtline.length - 1;
        byte[] buffer = new byte[8192];
        long length = 0;
        boolean matching = true;
        for (int read = message.read(buffer); read >= 0; read = message.read(buffer)) {
            for (int i = 0; i < read; i++) {
                byte b = buffer[i];
                if (b == '\n') {
                    if (length == 0) {
                        return false;
                    }
                    if (matching && length == wanted) {
                        return true;
                    }
                    length = 0;
                    matching = true;
                } else {
                    matching = matching && length < wanted && dtline[(int) length] == b;
                    length++;
                }
            }
        }
        return false;
    }
}

package org.tessera.remote.internal;

import io.netty.buffer.ByteBuf;

/**
 * qmail-remote's blast(): the stored message (LF line ends) as SMTP DATA, each LF sent as CRLF
 * and a leading {@code .} doubled; a CR in the message goes out as it is, as netqmail sends it.
 */
final class BodyEncoder {

    private boolean lineStart = true;

    /** Encodes {@code length} bytes of {@code bytes} into {@code out}. */
    void encode(byte[] bytes, int length, ByteBuf out) {
        int run = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (lineStart && b == '.') {
                out.writeBytes(bytes, run, i - run);
                out.writeByte('.');
                run = i;
            }
            if (b == '\n') {
                out.writeBytes(bytes, run, i - run);
                out.writeByte('\r');
                run = i;
                lineStart = true;
            } else {
                lineStart = false;
            }
        }
        out.writeBytes(bytes, run, length - run);
    }

    /** Tells whether the message so far ends with a whole line (qmail refuses a partial final line). */
    boolean atLineEnd() {
        return lineStart;
    }
}

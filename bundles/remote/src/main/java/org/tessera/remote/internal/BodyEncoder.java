package org.tessera.remote.internal;

import io.netty.buffer.ByteBuf;

/**
 * qmail-remote's blast(): the stored message (LF line ends) as SMTP DATA, each LF sent as CRLF
 * and a leading {@code .} doubled. Beyond netqmail, which sends a CR in the message as it is, a CR
 * LF in the message and a CR alone are each sent as one CRLF: a receiver that takes a bare CR for a
 * line end would otherwise read {@code CR . CR} as the end of the data and what follows as commands
 * (SMTP smuggling), and RFC 5321 (2.3.8) lets a client send CR and LF only together, as a line end.
 */
final class BodyEncoder {

    private boolean lineStart = true;
    private boolean afterCr;

    /** Encodes {@code length} bytes of {@code bytes} into {@code out}. */
    void encode(byte[] bytes, int length, ByteBuf out) {
        int run = 0;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b == '\r' || b == '\n') {
                out.writeBytes(bytes, run, i - run);
                run = i + 1;
                // The LF of a CR LF was written with the CR.
                if (b == '\r' || !afterCr) {
                    out.writeByte('\r').writeByte('\n');
                }
                afterCr = b == '\r';
                lineStart = true;
                continue;
            }
            if (lineStart && b == '.') {
                out.writeBytes(bytes, run, i - run);
                out.writeByte('.');
                run = i;
            }
            afterCr = false;
            lineStart = false;
        }
        out.writeBytes(bytes, run, length - run);
    }

    /**
     * Tells whether the message so far ends with a whole line, a LF (qmail refuses a partial final
     * line, and a final CR is one, though it went out as CRLF).
     */
    boolean atLineEnd() {
        return lineStart && !afterCr;
    }
}

package org.tessera.tools.sendmail;

import java.io.IOException;
import java.io.InputStream;

/**
 * A message with each CRLF made LF, as Postfix's sendmail reads its input ({@code
 * sendmail_fix_line_endings = always}). PHP's {@code mail()} (PHP 8) ends its header lines with CRLF;
 * qmail's sendmail passes the CR on, and the message gets a CR in every header field and a blank line
 * that is not blank to qmail-inject, so its header ends early. A CR not followed by LF stays.
 */
final class CrlfToLf extends InputStream {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int end;
    private boolean carriageReturn;
    private boolean ended;

    CrlfToLf(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] out, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        int written = 0;
        while (written < length) {
            if (position == end) {
                // What is here goes out before the next read, which might wait on a pipe.
                if (written > 0 || !fill()) {
                    break;
                }
            }
            byte b = buffer[position];
            if (carriageReturn) {
                carriageReturn = false;
                if (b != '\n') {
                    out[offset + written++] = '\r';
                    continue;
                }
            }
            position++;
            if (b == '\r') {
                carriageReturn = true;
            } else {
                out[offset + written++] = b;
            }
        }
        if (written == 0 && carriageReturn) {
            // the input ended on a CR
            carriageReturn = false;
            out[offset] = '\r';
            return 1;
        }
        return written == 0 ? -1 : written;
    }

    // Reads only when everything read before was handed on, so a pipe is never read ahead of need.
    private boolean fill() throws IOException {
        if (ended) {
            return false;
        }
        int count = in.read(buffer, 0, buffer.length);
        if (count < 0) {
            ended = true;
            return false;
        }
        position = 0;
        end = count;
        return true;
    }
}

package org.tessera.tools.inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** The message on standard input, read through one fixed buffer: header lines one by one, then the body streamed. */
final class MessageInput {

    /**
     * A line of input, one char per byte: ends in a newline when {@code complete} (a final line
     * without one gets it added), or stops where the caller's size limit cut it short.
     */
    record Line(String text, boolean complete) {
    }

    private final InputStream in;
    private final byte[] buffer;
    private int position;
    private int end;

    MessageInput(InputStream in, int bufferSize) {
        this.in = in;
        this.buffer = new byte[bufferSize];
    }

    /**
     * The next line, or null at the end of the input; a line that goes on past {@code limit} bytes
     * comes back cut there and not complete.
     */
    Line readLine(int limit) throws InjectFailure {
        StringBuilder line = new StringBuilder();
        while (position < end || fill()) {
            if (line.length() >= limit) {
                return new Line(line.toString(), false);
            }
            char c = (char) (buffer[position++] & 0xff);
            line.append(c);
            if (c == '\n') {
                return new Line(line.toString(), true);
            }
        }
        return line.length() == 0 ? null : new Line(line.append('\n').toString(), true);
    }

    /**
     * Copies the rest of the input to {@code out}, ending it with a newline if it does not end in
     * one; {@code midLine} says the text written before ended without one.
     *
     * @throws IOException when writing fails
     */
    void copyRest(OutputStream out, boolean midLine) throws IOException, InjectFailure {
        boolean endsWithNewline = !midLine;
        while (position < end || fill()) {
            out.write(buffer, position, end - position);
            endsWithNewline = buffer[end - 1] == '\n';
            position = end;
        }
        if (!endsWithNewline) {
            out.write('\n');
        }
    }

    private boolean fill() throws InjectFailure {
        try {
            int count = in.read(buffer, 0, buffer.length);
            if (count <= 0) {
                return false;
            }
            position = 0;
            end = count;
            return true;
        } catch (IOException e) {
            throw InjectFailure.readError();
        }
    }
}

package org.tessera.example.subjectfilter.internal;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.tessera.api.mail.MessageContent;

/** A message held in a byte array, counting the bytes its streams hand out and the streams left open. */
final class ByteArrayContent implements MessageContent {

    private final byte[] bytes;
    private long bytesRead;
    private int open;

    ByteArrayContent(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /**
     * Makes a message of text.
     *
     * @param text the message, LF line ends
     * @return the content
     */
    static ByteArrayContent of(String text) {
        return new ByteArrayContent(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Returns how many bytes all streams have handed out so far. */
    long bytesRead() {
        return bytesRead;
    }

    /** Returns how many streams were opened and not closed. */
    int openStreams() {
        return open;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public InputStream open() {
        open++;
        return new CountingStream(new ByteArrayInputStream(bytes));
    }

    /** Counts what is read; InputStream's default readAllBytes, readNBytes and transferTo come through here. */
    private final class CountingStream extends FilterInputStream {

        private boolean closed;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                bytesRead++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytesRead += n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                open--;
            }
            super.close();
        }
    }
}

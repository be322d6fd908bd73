package org.tessera.delivery.maildir.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.tessera.api.mail.MessageContent;

/**
 * Writes the header lines and then the message, verbatim, into a new Maildir file: from the queue's
 * own file with {@link FileChannel#transferTo} when there is one, else through a buffer that each
 * thread keeps for all its deliveries.
 */
final class MessageCopy {

    private static final int BUFFER_BYTES = 64 << 10;

    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(() -> ByteBuffer.allocate(BUFFER_BYTES));

    /**
     * Copies; read failures are {@link UnreadableMessageException}s, and so is a message that is not
     * {@link MessageContent#size()} bytes long, so that no cut-off message is ever delivered.
     */
    void copy(byte[] header, MessageContent content, FileChannel out, DeliveryAlarm alarm) throws IOException {
        Optional<Path> file = content.file();
        if (file.isPresent()) {
            transfer(header, file.get(), content.size(), out, alarm);
        } else {
            stream(header, content, out, alarm);
        }
    }

    private static void transfer(byte[] header, Path file, long size, FileChannel out, DeliveryAlarm alarm)
            throws IOException {
        FileChannel source;
        try {
            source = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new UnreadableMessageException(e);
        }
        try (source) {
            alarm.input(source);
            if (source.size() != size) {
                throw new UnreadableMessageException(file + " holds " + source.size() + " bytes, not " + size);
            }
            writeFully(ByteBuffer.wrap(header), out);
            long position = 0;
            while (position < size) {
                long sent = source.transferTo(position, size - position, out);
                if (sent <= 0) {
                    throw new UnreadableMessageException(file + " ended at " + position + " of " + size + " bytes");
                }
                position += sent;
            }
        }
    }

    private void stream(byte[] header, MessageContent content, FileChannel out, DeliveryAlarm alarm)
            throws IOException {
        ByteBuffer buffer = buffers.get();
        buffer.clear();
        if (header.length <= buffer.capacity()) {
            buffer.put(header);
        } else {
            writeFully(ByteBuffer.wrap(header), out);
        }
        InputStream in;
        try {
            in = content.open();
        } catch (IOException e) {
            throw new UnreadableMessageException(e);
        }
        try (in) {
            alarm.input(in);
            long total = 0;
            while (true) {
                int read;
                try {
                    read = in.read(buffer.array(), buffer.position(), buffer.remaining());
                } catch (IOException e) {
                    throw new UnreadableMessageException(e);
                }
                if (read < 0) {
                    break;
                }
                total += read;
                buffer.position(buffer.position() + read);
                if (!buffer.hasRemaining()) {
                    buffer.flip();
                    writeFully(buffer, out);
                    buffer.clear();
                }
            }
            buffer.flip();
            writeFully(buffer, out);
            if (total != content.size()) {
                throw new UnreadableMessageException("read " + total + " bytes, not " + content.size());
            }
        } finally {
            buffer.clear();
        }
    }

    private static void writeFully(ByteBuffer bytes, FileChannel out) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }
}

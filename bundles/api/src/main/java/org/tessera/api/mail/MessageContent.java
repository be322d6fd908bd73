package org.tessera.api.mail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The bytes of one message, readable any number of times, never held whole in memory.
 *
 * <p>The bytes are the message as stored: LF line ends, every {@code Received} line already
 * added (for content from the queue, the queue's own line first). An instance handed to a
 * service is valid only as long as the method it was handed to says (usually that call).
 */
@ProviderType
public interface MessageContent {

    /**
     * Returns the length of the message.
     *
     * @return the number of bytes {@link #open()} yields
     */
    long size();

    /**
     * Opens a new stream positioned at the first byte; each call gives an independent
     * stream, which the caller closes.
     *
     * @return a stream of exactly {@link #size()} bytes
     * @throws IOException when the message cannot be read
     */
    InputStream open() throws IOException;

    /**
     * Returns a regular file holding exactly these bytes, when there is one, so that a child
     * process can read it as its standard input without a copy. Read it only; never assume
     * it exists (the queue need not be local files).
     *
     * @return the file, or empty when the content is not a file of its own
     */
    default Optional<Path> file() {
        return Optional.empty();
    }

    /**
     * Returns when the message arrived in the queue (its commit point), for content the queue hands
     * out, so that what delivers it can tell how long it took from acceptance to delivery.
     *
     * @return the arrival, or empty when the content is not the queue's
     * @since 1.2
     */
    default Optional<Instant> arrival() {
        return Optional.empty();
    }
}

package org.tessera.queue.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** qmail-clean's start-up pass over {@code msg/}: what never reached the commit point goes away. */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final QueueStore store;
    private final Path bad;

    Recovery(QueueStore store, Path bad) {
        this.store = store;
        this.bad = bad;
    }

    void run() throws IOException {
        Set<Long> contents = new HashSet<>();
        Set<Long> envelopes = new TreeSet<>();
        boolean changed = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(store.messageDirectory())) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (name.matches("[0-9]{1,18}")) {
                    contents.add(Long.parseLong(name));
                } else if (name.matches("[0-9]{1,18}\\" + QueueStore.ENV)) {
                    envelopes.add(Long.parseLong(name.substring(0, name.length() - QueueStore.ENV.length())));
                } else if (name.matches("[0-9]{1,18}\\" + QueueStore.NEW)) {
                    // An envelope before its rename: the injection was never acknowledged.
                    Files.deleteIfExists(file);
                    changed = true;
                } else {
                    LOG.warn("unknown file {} in the queue; left alone", file);
                }
            }
        }
        for (long id : envelopes) {
            if (!contents.remove(id)) {
                // The rename and the content's creation reach the disk in the same directory sync,
                // which precedes every acknowledgement; an envelope alone was never acknowledged.
                Files.deleteIfExists(store.envelope(id));
                changed = true;
            } else {
                changed |= check(id);
            }
        }
        for (long id : contents) {
            // Content without envelope: cut off before the commit point (or a removal half done).
            Files.deleteIfExists(store.content(id));
            changed = true;
        }
        if (changed) {
            store.syncDirectory();
        }
    }

    /** Cuts a torn state record; moves aside a message whose files do not agree. */
    private boolean check(long id) throws IOException {
        Path envelope = store.envelope(id);
        byte[] bytes = Files.readAllBytes(envelope);
        try {
            StoredMessage message = EnvelopeFile.decode(id, bytes);
            long size = Files.size(store.content(id));
            if (size != message.size()) {
                throw new IOException("content of message " + id + " has " + size + " bytes, not " + message.size());
            }
        } catch (IOException corrupt) {
            LOG.error("corrupt message {} moved to {}: {}", id, bad, corrupt.getMessage());
            Files.move(store.content(id), bad.resolve(Long.toString(id)), StandardCopyOption.REPLACE_EXISTING);
            Files.move(envelope, bad.resolve(id + QueueStore.ENV), StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        int complete = EnvelopeFile.completeLength(bytes);
        if (complete < bytes.length) {
            try (FileChannel file = FileChannel.open(envelope, StandardOpenOption.WRITE)) {
                file.truncate(complete);
                file.force(false);
            }
        }
        return false;
    }
}

package org.tessera.pop3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One session's view of a Maildir, as qmail-pop3d builds it: the messages of {@code new/} and
 * {@code cur/} whose mtime is before the second the session started, oldest first, numbered from
 * 1, with their on-disk sizes and deletion marks. The methods that touch files run on a worker with
 * the account's identity; the rest is state of the session's own thread.
 */
final class Mailbox {

    /** qmail's maildir_clean: files in {@code tmp/} not accessed for 36 hours are left-overs. */
    private static final Duration TMP_LEFTOVER = Duration.ofHours(36);

    private final Path maildir;
    private final List<Message> messages;

    /** A message: its name below the Maildir ({@code new/…} or {@code cur/…}) and its size. */
    static final class Message {
        final String name;
        final long size;
        boolean deleted;

        Message(String name, long size) {
            this.name = name;
            this.size = size;
        }

        /** UIDL's id: the file name up to its first {@code :}. */
        String uniqueId() {
            String file = name.substring(4);
            int colon = file.indexOf(':');
            return colon < 0 ? file : file.substring(0, colon);
        }
    }

    /** Thrown when the Maildir is missing or not a directory (qmail-pop3d's failed {@code chdir}). */
    static final class NoMaildirException extends IOException {
        private static final long serialVersionUID = 1L;

        NoMaildirException(Path maildir, Throwable cause) {
            super(maildir + " is not a Maildir", cause);
        }
    }

    private Mailbox(Path maildir, List<Message> messages) {
        this.maildir = maildir;
        this.messages = messages;
    }

    /**
     * Cleans {@code tmp/} and scans {@code new/} and {@code cur/}, leaving out names starting with a dot
     * and files not older than {@code now}'s second. Runs as the account.
     *
     * @throws NoMaildirException when {@code maildir} is not a directory the account can enter
     * @throws IOException when {@code new/} or {@code cur/} cannot be read
     */
    static Mailbox scan(Path maildir, Instant now) throws IOException {
        // qmail-pop3d's chdir: a Maildir the account cannot enter is no Maildir.
        try (DirectoryStream<Path> probe = Files.newDirectoryStream(maildir)) {
            probe.iterator().hasNext();
        } catch (IOException | SecurityException e) {
            throw new NoMaildirException(maildir, e);
        }
        cleanTmp(maildir.resolve("tmp"), now);
        long second = now.getEpochSecond();
        List<Scanned> found = new ArrayList<>();
        for (String sub : new String[] {"new", "cur"}) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(maildir.resolve(sub))) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".")) {
                        continue;
                    }
                    BasicFileAttributes attributes;
                    try {
                        attributes = Files.readAttributes(file, BasicFileAttributes.class);
                    } catch (IOException gone) {
                        continue; // as qmail's scan: a file that cannot be stat'ed is not listed
                    }
                    long mtime = attributes.lastModifiedTime().to(TimeUnit.SECONDS);
                    if (mtime < second) {
                        found.add(new Scanned(sub + "/" + name, attributes.lastModifiedTime(), attributes.size()));
                    }
                }
            }
        }
        found.sort(Comparator.comparing(Scanned::mtime).thenComparing(Scanned::name));
        List<Message> messages = new ArrayList<>(found.size());
        for (Scanned s : found) {
            messages.add(new Message(s.name, s.size));
        }
        return new Mailbox(maildir, messages);
    }

    private record Scanned(String name, FileTime mtime, long size) {
    }

    private static void cleanTmp(Path tmp, Instant now) {
        Instant cutoff = now.minus(TMP_LEFTOVER);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path file : files) {
                try {
                    if (Files.readAttributes(file, BasicFileAttributes.class).lastAccessTime().toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException ignored) {
                    // qmail's maildir_clean ignores what it cannot remove
                }
            }
        } catch (IOException ignored) {
            // no tmp/: nothing to clean, as qmail
        }
    }

    /** Number of messages, deleted ones included (STAT's first figure). */
    int count() {
        return messages.size();
    }

    /** Message {@code number} (1-based), which must exist. */
    Message message(int number) {
        return messages.get(number - 1);
    }

    /** Total size of the messages not marked deleted. */
    long undeletedBytes() {
        long total = 0;
        for (Message m : messages) {
            if (!m.deleted) {
                total += m.size;
            }
        }
        return total;
    }

    /** RSET: every mark removed. */
    void undeleteAll() {
        messages.forEach(m -> m.deleted = false);
    }

    /**
     * RETR's or TOP's answer, the {@code +OK } line first: whole when the file is at most
     * {@code wholeLimit} bytes (read here, so that it leaves in one write), else the open file, to be
     * sent as the socket drains. Runs as the account.
     */
    Retrieval retrieve(int number, long bodyLines, int wholeLimit) throws IOException {
        FileChannel file = FileChannel.open(maildir.resolve(message(number).name));
        try {
            long size = file.size();
            if (size > wholeLimit) {
                return new Retrieval(null, Channels.newInputStream(file));
            }
            byte[] message = readFully(file, (int) size);
            file.close();
            return new Retrieval(TransmittedMessage.whole(Replies.OK, message, bodyLines), null);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    // A file that shrank since its size was read is sent as far as it goes.
    private static byte[] readFully(FileChannel file, int size) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(size);
        int n = 0;
        while (bytes.hasRemaining() && n >= 0) {
            n = file.read(bytes);
        }
        return bytes.hasRemaining() ? Arrays.copyOf(bytes.array(), bytes.position()) : bytes.array();
    }

    /** A message to send: its bytes, or an open file when it is too big to hold. */
    record Retrieval(byte[] whole, InputStream file) {
    }

    /**
     * QUIT: unlinks every marked message and moves every other one still in {@code new/} to
     * {@code cur/<name>:2,} (a failed rename is ignored, as qmail). Runs as the account.
     *
     * @return how many marked messages could not be unlinked
     */
    int commit() {
        int failures = 0;
        for (Message m : messages) {
            Path file = maildir.resolve(m.name);
            if (m.deleted) {
                try {
                    Files.delete(file);
                } catch (IOException | SecurityException e) {
                    failures++;
                }
            } else if (m.name.startsWith("new/")) {
                try {
                    // rename(2), as qmail: an existing cur/ name is replaced.
                    Files.move(file, maildir.resolve("cur/" + m.name.substring(4) + ":2,"),
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (IOException | SecurityException ignored) {
                    // "if it fails, bummer" (qmail-pop3d)
                }
            }
        }
        return failures;
    }
}

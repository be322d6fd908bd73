package org.tessera.example.sql.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import org.tessera.api.users.MailUser;

/**
 * The account that delivers alias entries: each entry is its {@code .qmail-<extension>} file, kept in step
 * with the database's lines, and answered as that account with that extension, so that local delivery
 * carries the lines out as it does any {@code .qmail} file. The account is the owner of its home.
 */
final class ForwardingAccount {

    // qmail-local defers on a group- or world-writable .qmail file; 0644 is what qmail's own tools write.
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r--r--");
    private static final int MAX_FILE_BYTES = 1 << 16;

    private final String user;
    private final Path home;
    private final boolean programLines;

    ForwardingAccount(String user, Path home, boolean programLines) {
        this.user = user;
        this.home = home;
        this.programLines = programLines;
    }

    /**
     * The user for an alias entry, after its file holds these lines.
     *
     * @param address the entry's address, lower case
     * @param lines the alias query's lines, at least one
     * @throws IOException when a line is refused or the file cannot be written: the delivery is deferred
     */
    MailUser entry(String address, List<String> lines) throws IOException {
        String ext = extension(address);
        byte[] content = dotQmail(address, lines, programLines).getBytes(StandardCharsets.UTF_8);
        int uid = (Integer) Files.getAttribute(home, "unix:uid");
        int gid = (Integer) Files.getAttribute(home, "unix:gid");
        Path file = home.resolve(".qmail-" + ext);
        if (!current(file, content, uid, gid)) {
            replace(file, content, uid, gid);
        }
        return new MailUser(user, uid, gid, home.toString(), "-", ext);
    }

    /**
     * An address as a file name's extension that qmail-local finds unchanged: ASCII letters, digits and
     * {@code -_+=@} kept, {@code .} as {@code :} (qmail-local's own rewriting), every other byte {@code %XX}.
     * Distinct addresses never share a file.
     */
    static String extension(String address) {
        StringBuilder ext = new StringBuilder(address.length());
        for (byte b : address.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_+=@".indexOf(c) >= 0) {
                ext.append(c);
            } else if (c == '.') {
                ext.append(':');
            } else {
                ext.append('%').append(String.format("%02X", (int) c));
            }
        }
        return ext.toString();
    }

    /**
     * The {@code .qmail} file for an entry's lines (dot-qmail(5)): forwards, as {@code &address}, and
     * absolute Maildir or mbox paths. Refused, so that the entry defers: a line break inside a value (it
     * would add a line of its own), a relative path (it would point into this account's home), a program
     * unless configured (a row of the database would run a command as this account), any other line.
     */
    static String dotQmail(String address, List<String> lines, boolean programLines) throws IOException {
        StringBuilder file = new StringBuilder();
        for (String raw : lines) {
            if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0 || raw.indexOf('\0') >= 0) {
                throw refused(address, "a line break in a line");
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            char first = line.charAt(0);
            if (first == '&' || isAsciiLetterOrDigit(first)) {
                String forward = first == '&' ? line.substring(1).strip() : line;
                if (forward.isEmpty() || forward.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                    throw refused(address, "not a forwarding address: " + line);
                }
                file.append('&').append(forward).append('\n');
            } else if (first == '/') {
                file.append(line).append('\n');
            } else if (first == '|' && programLines) {
                file.append(line).append('\n');
            } else if (first == '|') {
                throw refused(address, "program lines are off (programLines)");
            } else {
                throw refused(address, "neither a forward nor an absolute mailbox: " + line);
            }
        }
        if (file.isEmpty()) {
            // An empty .qmail file means the default delivery, into this account's own Maildir.
            throw refused(address, "no delivery line");
        }
        if (file.length() > MAX_FILE_BYTES) {
            throw refused(address, "more than " + MAX_FILE_BYTES + " bytes of lines");
        }
        return file.toString();
    }

    // dot-qmail(5): a line that begins with a letter or a number is a forward.
    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static IOException refused(String address, String why) {
        return new IOException("SQL alias " + address + " refused: " + why + " (#4.3.5)");
    }

    private static boolean current(Path file, byte[] content, int uid, int gid) throws IOException {
        try {
            if (!MODE.equals(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS))
                    || (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS) != uid
                    || (Integer) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS) != gid
                    || Files.size(file) != content.length) {
                return false;
            }
            return Arrays.equals(Files.readAllBytes(file), content);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    // Written beside the file and renamed over it: a delivery reading it meanwhile sees the old lines or the new.
    private void replace(Path file, byte[] content, int uid, int gid) throws IOException {
        Path temp = Files.createTempFile(home, "tmp.", ".sql");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.setPosixFilePermissions(temp, MODE);
            if ((Integer) Files.getAttribute(temp, "unix:uid") != uid) {
                Files.setAttribute(temp, "unix:uid", uid);
            }
            if ((Integer) Files.getAttribute(temp, "unix:gid") != gid) {
                Files.setAttribute(temp, "unix:gid", gid);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

package org.tessera.example.ldap.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The forwarding account's home: one {@code .qmail-<extension>} file for each entry with forwarding addresses,
 * rewritten from the directory whenever the entry's mail is looked up and the file differs, so qmail-local
 * carries out the entry's forwarding as it carries out any {@code .qmail} file.
 */
final class ForwardingFiles {

    private static final String HEX = "0123456789abcdef";

    private final Path home;
    private final long uid;
    private final long gid;

    /** Creates the home when missing (mode 0755, owned by the account: qmail-local refuses a writable one). */
    ForwardingFiles(Path home, long uid, long gid) throws IOException {
        this.home = home;
        this.uid = uid;
        this.gid = gid;
        Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        own(home);
    }

    Path home() {
        return home;
    }

    /**
     * The extension naming an entry's file: its address, lower-cased, with {@code @} as {@code =}, {@code .} as
     * {@code :} (as qmail-local makes an extension safe) and any byte but a letter, a digit, {@code +} or
     * {@code -} as {@code _} and two hex digits, so two addresses never share a file and none leaves the home.
     */
    static String extension(String address) {
        StringBuilder ext = new StringBuilder();
        for (byte b : address.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '-') {
                ext.append(c);
            } else if (c == '@') {
                ext.append('=');
            } else if (c == '.') {
                ext.append(':');
            } else {
                ext.append('_').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
            }
        }
        return ext.toString();
    }

    /**
     * The file's lines: {@code &address} for each forwarding address, then the mailbox's Maildir when the entry
     * keeps one.
     *
     * @throws IOException when an address holds a blank or a control character, which would end or split its
     *         {@code .qmail} line: the directory needs mending
     */
    static String content(List<String> forwards, Optional<String> home) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String address : forwards) {
            if (address.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
                throw new IOException("LDAP forwarding address with a blank or control character: " + address.strip());
            }
            lines.append('&').append(address).append('\n');
        }
        home.ifPresent(h -> lines.append(Path.of(h).resolve("Maildir")).append("/\n"));
        return lines.toString();
    }

    /** Makes {@code .qmail-<extension>} hold the content: unchanged when it does, else replaced in one rename. */
    void keep(String extension, String content) throws IOException {
        Path file = home.resolve(".qmail-" + extension);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        try {
            if (Arrays.equals(Files.readAllBytes(file), bytes)) {
                return;
            }
        } catch (NoSuchFileException absent) {
            // written below
        }
        // Readers (qmail-local for a concurrent delivery) see the old file or the new one, never part of either.
        Path temporary = Files.createTempFile(home, ".tmp-", "");
        try {
            Files.write(temporary, bytes);
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            own(temporary);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    // Changed only when different, so a server that is not root keeps working with its own ids.
    private void own(Path path) throws IOException {
        if (Integer.toUnsignedLong((Integer) Files.getAttribute(path, "unix:uid")) != uid) {
            Files.setAttribute(path, "unix:uid", (int) uid);
        }
        if (Integer.toUnsignedLong((Integer) Files.getAttribute(path, "unix:gid")) != gid) {
            Files.setAttribute(path, "unix:gid", (int) gid);
        }
    }
}

package org.tessera.common.passwd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;

/**
 * Sets one user's password in a password file, the edit of both {@code qmail:passwd} and
 * {@code bin/tessera-passwd}: only the password field of the user's line changes, or one line is
 * added, and the file is replaced whole by a synced file renamed over it.
 */
public final class PasswordFileEditor {

    /**
     * What a user new to the file gets; a null component is taken from the system account of the same name.
     *
     * @param uid the uid, or null
     * @param gid the gid, or null
     * @param home the home directory, absolute, or null
     */
    public record NewUser(Long uid, Long gid, String home) {
    }

    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final String SCHEME = "{ARGON2ID}";

    private PasswordFileEditor() {
    }

    /**
     * Sets the password, as an Argon2id hash with the default parameters.
     *
     * @param file the password file; created (mode 0600) when it does not exist
     * @param user the user name
     * @param password the password as typed
     * @param again the password typed a second time
     * @param newUser the uid, gid and home for a user not yet in the file
     * @param systemAccounts the passwd(5) file for what {@code newUser} leaves open
     * @return what was done, for the person who asked: {@code added USER to FILE} or
     *         {@code changed the password of USER in FILE}
     * @throws IllegalArgumentException when the user name is not fit for the file, the passwords differ or
     *         are empty, or a new user lacks a uid, gid or home: the file is then left as it was
     * @throws IOException when the file or directory cannot be read or written: the file is then as it was,
     *         unless only the sync of the directory after the rename failed
     */
    public static String setPassword(Path file, String user, char[] password, char[] again, NewUser newUser,
            Path systemAccounts) throws IOException {
        checkUser(user);
        if (!Arrays.equals(password, again)) {
            throw new IllegalArgumentException("the passwords differ");
        }
        if (password.length == 0) {
            throw new IllegalArgumentException("the password is empty");
        }
        boolean exists = Files.exists(file);
        // An edit of a symbolic link's target, in the target's directory, so the link stays.
        Path target = exists ? file.toRealPath() : file.toAbsolutePath();
        byte[] old = exists ? Files.readAllBytes(target) : new byte[0];
        Span field = passwordField(old, user.getBytes(StandardCharsets.UTF_8));
        String rest = field == null ? newUserFields(user, newUser, systemAccounts) : null;

        String hash = SCHEME + hash(password);
        byte[] content;
        if (field == null) {
            String separator = old.length == 0 || old[old.length - 1] == '\n' ? "" : "\n";
            content = splice(old, new Span(old.length, old.length, separator + user + ":"), hash + rest + "\n");
        } else {
            content = splice(old, field, hash);
        }
        replace(target, content, exists);
        return field == null ? "added " + user + " to " + file : "changed the password of " + user + " in " + file;
    }

    /** Bytes to replace: from, to, and what goes before the replacement. */
    private record Span(int from, int to, String prefix) {
    }

    /** Finds the password field of the user's first line; null when no line is the user's. */
    private static Span passwordField(byte[] content, byte[] user) {
        for (int start = 0; start < content.length; ) {
            int end = indexOf(content, (byte) '\n', start, content.length);
            int lineEnd = end > start && content[end - 1] == '\r' ? end - 1 : end;
            int userEnd = indexOf(content, (byte) ':', start, lineEnd);
            if (content[start] != '#' && userEnd - start == user.length
                    && Arrays.equals(content, start, userEnd, user, 0, user.length)) {
                if (userEnd == lineEnd) {
                    return new Span(lineEnd, lineEnd, ":"); // a line of the user name alone
                }
                return new Span(userEnd + 1, indexOf(content, (byte) ':', userEnd + 1, lineEnd), "");
            }
            start = end + 1;
        }
        return null;
    }

    /** The fields of a new user's line after the password, with the colon before them. */
    private static String newUserFields(String user, NewUser newUser, Path systemAccounts) throws IOException {
        long uid;
        long gid;
        String home;
        if (newUser.uid() != null && newUser.gid() != null && newUser.home() != null) {
            uid = newUser.uid();
            gid = newUser.gid();
            home = newUser.home();
        } else {
            SystemAccounts.Account account = SystemAccounts.find(systemAccounts, user).orElseThrow(() ->
                    new IllegalArgumentException(user + " is neither in the password file nor a system account in "
                            + systemAccounts + ": give its uid, gid and home (-u UID -g GID -d HOME)"));
            uid = newUser.uid() != null ? newUser.uid() : account.uid();
            gid = newUser.gid() != null ? newUser.gid() : account.gid();
            home = newUser.home() != null ? newUser.home() : account.home();
        }
        checkId(uid, "uid");
        checkId(gid, "gid");
        if (!home.startsWith("/") || !fitsAField(home)) {
            throw new IllegalArgumentException("the home must be an absolute path without ':' or control characters");
        }
        // user:password:uid:gid:gecos:home:shell, as Dovecot's passwd-file has it.
        return ":" + uid + ":" + gid + "::" + home + ":";
    }

    private static String hash(char[] password) {
        ByteBuffer encoded;
        try {
            encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the password is not valid Unicode");
        }
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        try {
            return Argon2id.create(bytes, new SecureRandom()).toString();
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static void replace(Path target, byte[] content, boolean exists) throws IOException {
        Path directory = target.getParent();
        if (!Files.isDirectory(directory)) {
            throw new NoSuchFileException(directory.toString(), null, "no such directory");
        }
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", OWNER_ONLY);
        boolean moved = false;
        try {
            try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            if (exists) {
                keepModeAndOwner(target, temporary);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temporary);
            }
        }
        // The rename is durable only once the directory is on disk.
        try (FileChannel entries = FileChannel.open(directory, StandardOpenOption.READ)) {
            entries.force(true);
        }
    }

    // The server may read the file as another user than the one editing it (root, say): it must keep reading it.
    private static void keepModeAndOwner(Path old, Path replacement) throws IOException {
        PosixFileAttributes was = Files.readAttributes(old, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(replacement, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        PosixFileAttributes is = view.readAttributes();
        if (!is.owner().equals(was.owner())) {
            view.setOwner(was.owner());
        }
        if (!is.group().equals(was.group())) {
            view.setGroup(was.group());
        }
        view.setPermissions(was.permissions());
    }

    private static void checkUser(String user) {
        if (user.isEmpty() || user.startsWith("#") || !fitsAField(user)
                || user.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a user name must not be empty, start with '#', or contain ':',"
                    + " white space or control characters");
        }
    }

    private static boolean fitsAField(String value) {
        return value.chars().noneMatch(c -> c == ':' || c < 0x20 || c == 0x7f);
    }

    private static void checkId(long id, String name) {
        if (id < 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("the " + name + " must be a number from 0 to 4294967295");
        }
    }

    private static byte[] splice(byte[] content, Span span, String replacement) {
        byte[] middle = (span.prefix() + replacement).getBytes(StandardCharsets.UTF_8);
        byte[] result = new byte[content.length - (span.to() - span.from()) + middle.length];
        System.arraycopy(content, 0, result, 0, span.from());
        System.arraycopy(middle, 0, result, span.from(), middle.length);
        System.arraycopy(content, span.to(), result, span.from() + middle.length, content.length - span.to());
        return result;
    }

    private static int indexOf(byte[] content, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (content[i] == wanted) {
                return i;
            }
        }
        return to;
    }
}

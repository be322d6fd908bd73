package org.tessera.local.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.tessera.common.errors.ErrorText;
import org.tessera.common.users.Ascii;

/**
 * qmail-local's {@code qmesearch} (dot-qmail(5)): {@code .qmail<dash><safeext>}, then each
 * {@code .qmail<dash><prefix>default} for the prefixes of {@code safeext} ending in {@code -}, longest
 * first, down to the empty one. A file counts when it opens and is a regular file; one that cannot
 * be opened for a reason other than absence defers, and so does a world-writable one.
 */
final class DotQmailSearch {

    /** conf-patrn: the mode bits a home or a {@code .qmail} file must not have. */
    static final int FORBIDDEN_MODE = 02;
    static final int OWNER_EXECUTE = 0100;
    /** Far beyond any real {@code .qmail} file; a larger one is not read into memory. */
    static final int MAX_BYTES = 1 << 20;

    private static final String DEFAULT = "default";

    private DotQmailSearch() {
    }

    /** {@code ext} lower-cased (ASCII) with every {@code .} made {@code :}. */
    static String safeExt(String ext) {
        return Ascii.lower(ext).replace('.', ':');
    }

    static Optional<DotQmailFile> find(Path home, String dash, String ext) throws LocalFailure {
        String safeExt = safeExt(ext);
        String exact = ".qmail" + dash + safeExt;
        Optional<DotQmailFile> found = open(home, exact, safeExt.endsWith(DEFAULT)
                ? Optional.of(ext.substring(safeExt.length() - DEFAULT.length()))
                : Optional.empty());
        if (found.isPresent()) {
            return found;
        }
        for (int i = safeExt.length(); i >= 0; i--) {
            if (i == 0 || safeExt.charAt(i - 1) == '-') {
                found = open(home, ".qmail" + dash + safeExt.substring(0, i) + DEFAULT, Optional.of(ext.substring(i)));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    /** qmail-local's {@code qmeox}: whether {@code .qmail<dash><safeext><suffix>} can be stat'ed. */
    static boolean exists(Path home, String name) throws LocalFailure {
        try {
            Files.readAttributes(home.resolve(name), BasicFileAttributes.class);
            return true;
        } catch (IOException e) {
            if (ErrorText.isAbsent(e) || ErrorText.of(e).equals("access denied")) {
                return false;
            }
            throw unableToOpen(name, e);
        }
    }

    private static Optional<DotQmailFile> open(Path home, String name, Optional<String> defaultPart) throws LocalFailure {
        Path file = home.resolve(name);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            int mode = ServerIdentity.mode(file);
            if ((mode & FORBIDDEN_MODE) != 0) {
                throw LocalFailure.temporary("Uh-oh: .qmail file is writable. (#4.7.0)");
            }
            if (attributes.size() > MAX_BYTES) {
                throw LocalFailure.temporary("Out of memory. (#4.3.0)");
            }
            ByteBuffer content = ByteBuffer.allocate((int) attributes.size());
            while (content.hasRemaining() && channel.read(content) >= 0) {
                // read until full or end of file
            }
            String text = new String(content.array(), 0, content.position(), StandardCharsets.UTF_8);
            return Optional.of(new DotQmailFile(name, text, (mode & OWNER_EXECUTE) != 0, defaultPart));
        } catch (IOException e) {
            if (ErrorText.isAbsent(e)) {
                return Optional.empty();
            }
            throw unableToOpen(name, e);
        }
    }

    private static LocalFailure unableToOpen(String name, IOException e) {
        return LocalFailure.temporary("Unable to open " + name + ": " + ErrorText.of(e) + ". (#4.3.0)");
    }
}

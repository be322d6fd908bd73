package org.tessera.control.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the parts of a home (CONTRACT §2) that are missing, as qmail's install and config-fast
 * would, and never changes a file or directory that exists, so an existing /var/qmail tree is used as it is.
 */
final class HomeLayout {

    private static final Logger LOG = LoggerFactory.getLogger(HomeLayout.class);

    private static final String DIRECTORY_MODE = "rwxr-xr-x";
    private static final String MAILDIR_MODE = "rwx------";
    // Never group or world writable: qmail-local refuses such .qmail files (conf-patrn).
    private static final String FILE_MODE = "rw-r--r--";
    private static final String ALIAS_DELIVERY = "./Maildir/\n";

    private final Path home;
    private final Supplier<String> hostName;
    private final List<String> created = new ArrayList<>();

    /**
     * @param home the home directory, absolute
     * @param hostName gives the host's name for {@code control/me}; asked only when that file is missing
     */
    HomeLayout(Path home, Supplier<String> hostName) {
        this.home = home;
        this.hostName = hostName;
    }

    /**
     * Creates what is missing and logs one line if anything was. A failure (a read-only tree, another
     * owner) is logged and left for the readers, which treat missing files as qmail does.
     *
     * @return the created paths relative to the home, in creation order
     */
    List<String> createMissing() {
        boolean fresh = !Files.isDirectory(home);
        try {
            if (fresh) {
                Files.createDirectories(home);
                permissions(home, DIRECTORY_MODE);
            }
            directory(home.resolve("control"), DIRECTORY_MODE);
            Path me = home.resolve("control/me");
            if (!Files.exists(me)) {
                String name = hostName.get();
                // As config-fast: me, locals and rcpthosts are written together. When me exists the
                // control directory was set up by someone, and a missing locals or rcpthosts means something.
                file(me, name + "\n");
                file(home.resolve("control/locals"), name + "\n");
                file(home.resolve("control/rcpthosts"), name + "\n");
            }
            Path alias = home.resolve("alias");
            directory(alias, DIRECTORY_MODE);
            for (String user : List.of("postmaster", "mailer-daemon", "root")) {
                file(alias.resolve(".qmail-" + user), ALIAS_DELIVERY);
            }
            directory(alias.resolve("Maildir"), MAILDIR_MODE);
            for (String sub : List.of("cur", "new", "tmp")) {
                directory(alias.resolve("Maildir").resolve(sub), MAILDIR_MODE);
            }
            for (String dir : List.of("users", "queue", "log", "etc")) {
                directory(home.resolve(dir), DIRECTORY_MODE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not create the missing parts of the home {} (created so far: {})", home, created, e);
            return List.copyOf(created);
        }
        if (fresh) {
            LOG.info("created the Tessera home at {}", home);
        } else if (!created.isEmpty()) {
            LOG.info("created the missing parts of the Tessera home at {}: {}", home, String.join(", ", created));
        }
        return List.copyOf(created);
    }

    private void directory(Path dir, String mode) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            return; // made meanwhile by someone else, or a file of that name: either way not ours to touch
        }
        permissions(dir, mode);
        created.add(name(dir) + "/");
    }

    private void file(Path file, String content) throws IOException {
        try {
            // CREATE_NEW checks and creates in one step, so an existing file is never overwritten.
            Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (FileAlreadyExistsException e) {
            return;
        }
        permissions(file, FILE_MODE);
        created.add(name(file));
    }

    /** Sets the mode exactly (the umask applies only to creation), where the file system has modes. */
    private static void permissions(Path path, String mode) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        }
    }

    private String name(Path path) {
        return home.relativize(path).toString();
    }
}

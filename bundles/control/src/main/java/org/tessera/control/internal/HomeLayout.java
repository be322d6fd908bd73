package org.tessera.control.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the parts of a home (the README's "What runs where") that are missing, as qmail's install
 * and config-fast would, and never changes a file or directory that exists, so an existing /var/qmail
 * tree is used as it is.
 */
final class HomeLayout {

    private static final Logger LOG = LoggerFactory.getLogger(HomeLayout.class);

    private static final String DIRECTORY_MODE = "rwxr-xr-x";
    private static final String MAILDIR_MODE = "rwx------";
    // Never group or world writable: qmail-local refuses such .qmail files (conf-patrn).
    private static final String FILE_MODE = "rw-r--r--";
    private static final String ALIAS_DELIVERY = "./Maildir/\n";

    /** The uid and gid the alias user's files belong to. */
    record Owner(String name, long uid, long gid) {
    }

    private final Path home;
    private final Supplier<String> hostName;
    private final Optional<Owner> aliasOwner;
    private final List<String> created = new ArrayList<>();

    /**
     * @param home the home directory, absolute
     * @param hostName gives the host's name for {@code control/me}; asked only when that file is missing
     * @param aliasOwner who the alias user's new files are given to, when the server runs as root
     *        (deliveries run as the owner of {@code alias/}, and never as root)
     */
    HomeLayout(Path home, Supplier<String> hostName, Optional<Owner> aliasOwner) {
        this.home = home;
        this.hostName = hostName;
        this.aliasOwner = aliasOwner;
    }

    /**
     * The owner for the alias user's files of a server running as root: the system account
     * {@code alias} (qmail's), else {@code nobody}; empty when not root or neither exists.
     */
    static Optional<Owner> aliasOwnerForRoot(Path passwd) {
        try {
            if (!Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"))) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(passwd, StandardCharsets.ISO_8859_1);
            for (String account : List.of("alias", "nobody")) {
                for (String line : lines) {
                    String[] fields = line.split(":", -1);
                    if (fields.length >= 7 && fields[0].equals(account)) {
                        return Optional.of(new Owner(account, Long.parseLong(fields[2]), Long.parseLong(fields[3])));
                    }
                }
            }
        } catch (IOException | UnsupportedOperationException | NumberFormatException e) {
            LOG.warn("cannot tell whom the alias user's files should belong to", e);
        }
        return Optional.empty();
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
            int before = created.size();
            directory(alias, DIRECTORY_MODE);
            for (String user : List.of("postmaster", "mailer-daemon", "root")) {
                file(alias.resolve(".qmail-" + user), ALIAS_DELIVERY);
            }
            directory(alias.resolve("Maildir"), MAILDIR_MODE);
            for (String sub : List.of("cur", "new", "tmp")) {
                directory(alias.resolve("Maildir").resolve(sub), MAILDIR_MODE);
            }
            if (aliasOwner.isPresent()) {
                giveTo(aliasOwner.get(), created.subList(before, created.size()));
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

    // Only what this layout just made: an existing tree keeps its owners.
    private void giveTo(Owner owner, List<String> made) throws IOException {
        for (String name : made) {
            Path path = home.resolve(name);
            Files.setAttribute(path, "unix:uid", (int) owner.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", (int) owner.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (!made.isEmpty()) {
            LOG.info("the alias user's files belong to {} (uid {}): deliveries never run as root", owner.name(),
                    owner.uid());
        }
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

package org.tessera.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.tessera.common.errors.ErrorText;

/**
 * Whether a user (a uid and a gid with no supplementary groups, as a user process runs) can reach a
 * file the server can: every directory on the way searchable, the file itself readable or
 * executable, by the mode bits. Asked when a user process died before it served anything, because a
 * JVM that cannot read its own class path only prints {@code Could not find or load main class} and
 * exits, which told the operator nothing; this names the directory and the fix.
 */
final class UserReach {

    private static final int READ = 4;
    private static final int EXECUTE = 1;

    private UserReach() {
    }

    /**
     * @param executable whether the file must be executable (a program) rather than readable (a jar)
     * @return why the user cannot reach {@code file}, or empty when it can
     */
    private static Optional<String> whyNot(Path file, long uid, long gid, boolean executable) {
        List<Path> steps = new ArrayList<>(ancestors(file.toAbsolutePath()));
        try {
            Path real = file.toRealPath();
            if (!real.equals(file.toAbsolutePath())) {
                steps.addAll(ancestors(real));
            }
        } catch (IOException e) {
            return Optional.of(file + ": " + ErrorText.of(e));
        }
        for (Path directory : steps) {
            Optional<String> denied = denied(directory, uid, gid, EXECUTE, "searchable");
            if (denied.isPresent()) {
                return denied;
            }
        }
        return denied(file, uid, gid, executable ? EXECUTE : READ, executable ? "executable" : "readable");
    }

    private static List<Path> ancestors(Path path) {
        List<Path> ancestors = new ArrayList<>();
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            ancestors.add(0, p);
        }
        return ancestors;
    }

    private static Optional<String> denied(Path path, long uid, long gid, int bit, String what) {
        Map<String, Object> attributes;
        try {
            attributes = Files.readAttributes(path, "unix:mode,uid,gid");
        } catch (IOException e) {
            return Optional.of(path + ": " + ErrorText.of(e));
        } catch (UnsupportedOperationException e) {
            // No Unix modes to read here: the process start will say what it can.
            return Optional.empty();
        }
        int mode = (Integer) attributes.get("mode");
        long owner = ((Number) attributes.get("uid")).longValue();
        long group = ((Number) attributes.get("gid")).longValue();
        // The kernel looks at one class only: owner's bits for the owner, else group's for the group, else others'.
        int shift = owner == uid ? 6 : group == gid ? 3 : 0;
        if ((mode >> shift & bit) != 0) {
            return Optional.empty();
        }
        return Optional.of(String.format("%s is not %s by uid %d gid %d (mode %04o, owner %d, group %d)", path, what,
                uid, gid, mode & 07777, owner, group));
    }

    /** The files a user process's JVM must reach, checked in this order. */
    static Optional<String> whyNotStartable(Path java, List<Path> classPath, long uid, long gid) {
        Optional<String> trouble = whyNot(java, uid, gid, true);
        for (int i = 0; trouble.isEmpty() && i < classPath.size(); i++) {
            trouble = whyNot(classPath.get(i), uid, gid, false);
        }
        return trouble;
    }
}

package org.tessera.testkit.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The built distribution, unpacked once per build: the tests of several classes share it. */
final class Distribution {

    private Distribution() {
    }

    /**
     * The directory holding {@code bin/tessera}: {@code source} itself when it is one, else the directory
     * its tar.gz was unpacked into under {@code target/tessera-distribution}, unpacked again when the
     * archive is newer than the last unpacking.
     */
    static synchronized Path unpacked(Path source) throws IOException, InterruptedException {
        if (Files.isRegularFile(source.resolve("bin/tessera"))) {
            return source.toAbsolutePath();
        }
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("no distribution at " + source.toAbsolutePath()
                    + ": neither a tar.gz nor a directory with bin/tessera");
        }
        Path target = Path.of("target", "tessera-distribution").toAbsolutePath();
        Path stamp = target.resolve(".unpacked");
        FileTime built = Files.getLastModifiedTime(source);
        if (!Files.exists(stamp) || Files.getLastModifiedTime(stamp).compareTo(built) < 0) {
            Files.createDirectories(target);
            // tar keeps the modes and the symbolic links of the archive; a Java reader would have to redo both.
            Process tar = new ProcessBuilder("tar", "-xzf", source.toAbsolutePath().toString(), "-C", target.toString())
                    .redirectErrorStream(true).start();
            String output = new String(tar.getInputStream().readAllBytes());
            if (!tar.waitFor(120, TimeUnit.SECONDS) || tar.exitValue() != 0) {
                throw new IOException("tar -xzf " + source + ": " + output);
            }
            Files.writeString(stamp, source.toString());
            Files.setLastModifiedTime(stamp, built);
        }
        try (Stream<Path> children = Files.list(target)) {
            List<Path> roots = children.filter(child -> Files.isRegularFile(child.resolve("bin/tessera"))).toList();
            if (roots.size() != 1) {
                throw new IOException("not one distribution in " + target + ": " + roots);
            }
            return roots.get(0);
        }
    }
}

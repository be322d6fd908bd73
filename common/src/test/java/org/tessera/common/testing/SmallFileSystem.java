package org.tessera.common.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a test's directory, to fill, grow back or make read-only: the full and
 * failing disks of the fault tests. Mounting needs root; without it the test is skipped, unless
 * {@code -Dtessera.requireTools=true} (CI) makes that a failure. Close it in {@code @AfterEach}: a
 * busy mount is detached lazily, so none outlives the test.
 */
public final class SmallFileSystem implements AutoCloseable {

    private final Path mountPoint;

    private SmallFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs of {@code size} (as mount's {@code size=}: {@code 1m}, {@code 4m}) on the existing,
     * empty directory {@code mountPoint}, or skips (or fails, in CI) the calling test.
     */
    public static SmallFileSystem mount(Path mountPoint, String size) throws InterruptedException {
        try {
            return mountOrFail(mountPoint, size, "");
        } catch (IOException e) {
            if (Boolean.getBoolean("tessera.requireTools")) {
                fail(e.getMessage() + " and tessera.requireTools=true");
            }
            assumeTrue(false, e.getMessage());
            return null;
        }
    }

    /**
     * Mounts a tmpfs of {@code size} with more mount {@code options} (e.g. {@code uid=8,gid=8,mode=0700},
     * or empty), for callers outside JUnit 5 that decide themselves whether a failure skips the test.
     *
     * @throws IOException saying why the mount failed
     */
    public static SmallFileSystem mountOrFail(Path mountPoint, String size, String options)
            throws IOException, InterruptedException {
        String trouble = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + size + (options.isEmpty() ? "" : "," + options),
                "tmpfs", mountPoint.toString()));
        if (trouble != null) {
            throw new IOException("cannot mount a tmpfs (needs root): " + trouble);
        }
        return new SmallFileSystem(mountPoint);
    }

    /** Where it is mounted. */
    public Path path() {
        return mountPoint;
    }

    /** Gives it a new size, as space freed or added by an operator: what it holds stays. */
    public void resize(String size) throws IOException, InterruptedException {
        remount("remount,size=" + size);
    }

    /** Makes it read-only ({@code true}) or writable again. */
    public void readOnly(boolean readOnly) throws IOException, InterruptedException {
        remount(readOnly ? "remount,ro" : "remount,rw");
    }

    private void remount(String options) throws IOException, InterruptedException {
        String trouble = run(List.of("mount", "-o", options, mountPoint.toString()));
        if (trouble != null) {
            throw new IOException(trouble);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (run(List.of("umount", mountPoint.toString())) != null) {
            run(List.of("umount", "-l", mountPoint.toString()));
        }
    }

    /** Runs a command; returns null when it exited 0, else what went wrong with its output. */
    private static String run(List<String> command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            output = e.getMessage();
        }
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return String.join(" ", command) + " did not finish";
        }
        return process.exitValue() == 0 ? null
                : String.join(" ", command) + ": exit " + process.exitValue() + " " + output;
    }
}

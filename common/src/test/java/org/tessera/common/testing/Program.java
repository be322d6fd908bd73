package org.tessera.common.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program with bytes on its standard input, for the tests that compare Tessera with the real
 * program (ucspi-tcp's tcprules). {@link #onPath} finds it: without it those tests are skipped, unless
 * {@code -Dtessera.requireTools=true} (as CI runs) says a missing tool is a failure.
 */
public final class Program {

    private Program() {
    }

    /** Finds a program on the PATH, or skips or fails the calling test. */
    public static Path onPath(String name, String debianPackage) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = name + " is not on the PATH (apt-get install " + debianPackage + ")";
            if (Boolean.getBoolean("tessera.requireTools")) {
                fail(message + " and tessera.requireTools=true");
            }
            assumeTrue(false, message);
        }
        return found.get();
    }

    private static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "" : path).split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** How the program ended, and what it wrote to standard error. */
    public record Result(int exit, String errors) {
    }

    /** Runs a command in a directory with stdin from bytes; stdout is discarded (tcprules writes none). */
    public static Result run(List<String> command, Path directory, byte[] input, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path in = Files.createTempFile(directory, "stdin", ".txt");
        Path err = Files.createTempFile(directory, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(Files.write(in, input).toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish");
        }
        String errors = Files.readString(err, StandardCharsets.ISO_8859_1);
        Files.delete(in);
        Files.delete(err);
        return new Result(process.exitValue(), errors);
    }
}

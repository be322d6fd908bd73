package org.tessera.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real programs a test runs (openssl, swaks): found on the PATH, or the test is skipped, or failed in CI. */
public final class Programs {

    private Programs() {
    }

    /**
     * Finds a program on the PATH, or skips the calling test; with {@code -Dtessera.requireTools=true}
     * (CI, whose {@code .ci/run} installs the package) a missing program fails it instead.
     */
    public static Path onPath(String name, String debianPackage) {
        for (String entry : String.valueOf(System.getenv("PATH")).split(File.pathSeparator)) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = name + " is not on the PATH (apt-get install " + debianPackage + ")";
        if (Boolean.getBoolean("tessera.requireTools")) {
            fail(message + " and tessera.requireTools=true");
        }
        assumeTrue(false, message);
        return null;
    }

    /** Runs a command to its end (at most a minute), which must exit 0; returns its standard output. */
    public static String run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile(directory, "out", ".txt");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES), command + " did not finish");
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        assertEquals(0, process.exitValue(), command + ": " + text);
        return text;
    }
}

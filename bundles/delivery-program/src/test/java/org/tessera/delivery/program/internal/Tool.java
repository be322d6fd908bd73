package org.tessera.delivery.program.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a script of the distribution's bin/ as a process, with exactly the given environment. */
final class Tool {

    static final Path BIN = Path.of("../../distribution/src/main/resources/assembly/bin").toAbsolutePath().normalize();

    record Result(int exit, String out, String err) {
    }

    private Tool() {
    }

    static Path script(String name) {
        Path script = BIN.resolve(name);
        assertTrue(Files.isExecutable(script), script + " is not executable");
        return script;
    }

    /** Runs bin/{@code name} in {@code dir} with {@code stdin} (a file, so that big inputs need no thread). */
    static Result run(Path dir, Map<String, String> environment, Path stdin, String name, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(script(name).toString());
        command.addAll(List.of(args));
        return run(dir, environment, stdin, command);
    }

    /** Runs {@code command} in {@code dir} with {@code stdin}. */
    static Result run(Path dir, Map<String, String> environment, Path stdin, List<String> command)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(stdin.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return result;
    }
}

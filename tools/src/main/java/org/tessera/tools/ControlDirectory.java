package org.tessera.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/** The first line of a control file of the home, as qmail's control_readline reads it for the tools. */
public final class ControlDirectory implements Function<String, Optional<String>> {

    private final Path control;

    /** The {@code control/} directory of {@code home}. */
    public ControlDirectory(Path home) {
        this.control = home.resolve("control");
    }

    /** {@link #firstLine}: the control files as qmail-inject's controls read them. */
    @Override
    public Optional<String> apply(String name) {
        return firstLine(name);
    }

    /**
     * The first line of {@code control/<name>} without its line end; empty when the file does not exist.
     *
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public Optional<String> firstLine(String name) {
        try (BufferedReader in = Files.newBufferedReader(control.resolve(name), StandardCharsets.UTF_8)) {
            String line = in.readLine();
            return Optional.of(line == null ? "" : line);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.osgi.util.converter.Converters;

/**
 * What the tests run: the distribution's bin/checkpassword-reply, the Python checkpassword of the test resources with
 * its table, small sh programs; and checkers built from a configuration as DS would.
 */
final class TestPrograms {

    static final Path ASSEMBLY = Path.of("../../distribution/src/main/resources/assembly").toAbsolutePath().normalize();
    static final Path REPLY = ASSEMBLY.resolve("bin/checkpassword-reply");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    // Homes under target/, not in a private temporary directory: as root, the checkpassword switches to another
    // account before it changes to the home directory and runs the reply program.
    private static final Path HOMES = Path.of("target/checkpassword-homes").toAbsolutePath();

    private TestPrograms() {
    }

    /** A checker configured with {@code config} and no {@code TESSERA_CHECKPASSWORD}. */
    static CheckpasswordProgram checker(Map<String, Object> config) {
        return checker(name -> null, config);
    }

    /** A checker with its own environment, configured with {@code config}. */
    static CheckpasswordProgram checker(UnaryOperator<String> environment, Map<String, Object> config) {
        CheckpasswordProgram checker = new CheckpasswordProgram(environment);
        checker.configure(configuration(config));
        return checker;
    }

    /** {@code config} as DS hands it to the component. */
    static CheckpasswordProgramConfiguration configuration(Map<String, Object> config) {
        return Converters.standardConverter().convert(config).to(CheckpasswordProgramConfiguration.class);
    }

    /** The configuration of {@code program} answering through the distribution's reply program. */
    static Map<String, Object> config(String program, long timeoutSeconds) {
        return Map.of("program", program, "timeoutSeconds", timeoutSeconds, "replyProgram", REPLY.toString());
    }

    /** The Python checkpassword reading {@code table}, as a program setting. */
    static String python(Path table) {
        return PYTHON + " -S " + pythonScript() + " " + table;
    }

    static Path pythonScript() {
        try {
            return Path.of(TestPrograms.class.getResource("checkpassword.py").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /** A table of the Python checkpassword, one {@code login:password:uid:gid:home} a line. */
    static Path table(Path dir, String... accounts) throws IOException {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is needed");
        return Files.writeString(dir.resolve("table"), String.join("\n", accounts) + "\n");
    }

    /** An sh program {@code name} in {@code dir}; it gets the reply program as its last argument. */
    static Path script(Path dir, String name, String body) throws IOException {
        Path script = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** A fresh directory under target/ that every account can enter. */
    static Path home(String name) throws IOException {
        Path home = HOMES.resolve(name);
        Files.createDirectories(home);
        Files.setPosixFilePermissions(HOMES, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    static boolean isRoot() throws IOException {
        Path probe = Files.createTempFile("uid", ".probe");
        try {
            return ((Integer) Files.getAttribute(probe, "unix:uid")) == 0;
        } finally {
            Files.delete(probe);
        }
    }

    /** This process's uid and gid, what a checkpassword that cannot switch leaves. */
    static long[] ownIds() throws IOException {
        Path probe = Files.createTempFile("ids", ".probe");
        try {
            return new long[] {(Integer) Files.getAttribute(probe, "unix:uid"), (Integer) Files.getAttribute(probe, "unix:gid")};
        } finally {
            Files.delete(probe);
        }
    }

    /** Skips the calling test when {@code available} is false, or fails it when CI says -Dtessera.requireTools=true. */
    static void require(boolean available, String message) {
        if (!available && Boolean.getBoolean("tessera.requireTools")) {
            fail(message + " and tessera.requireTools=true");
        }
        assumeTrue(available, message);
    }

    /** Runs a command of the system, which must succeed; returns its output. */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + output);
        return output;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Waits until {@code file} exists and holds a line, then returns it as a pid. */
    static long pid(Path file) throws IOException, InterruptedException {
        for (int i = 0; i < 200; i++) {
            if (Files.exists(file)) {
                String text = Files.readString(file).strip();
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError(file + " never appeared");
    }

    // A killed process whose parent died may stay a zombie until init reaps it: that counts as gone.
    static boolean running(long pid) throws InterruptedException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 100; i++) {
            try {
                String text = Files.readString(stat);
                if (text.substring(text.lastIndexOf(')') + 2).startsWith("Z")) {
                    return false;
                }
            } catch (IOException gone) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    /** Ends a process a test program left behind. */
    static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
}

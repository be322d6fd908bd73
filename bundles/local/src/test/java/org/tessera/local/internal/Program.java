package org.tessera.local.internal;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.tessera.api.control.CdbFiles;

/** Runs the distribution's bin/ scripts as processes, over a system/ repository laid out as the distribution's. */
final class Program {

    static final Path BIN = Path.of("../../distribution/src/main/resources/assembly/bin");

    private Program() {
    }

    record Result(int exit, String output, String errors) {
    }

    /** bin/NAME beside system/org/tessera/BUNDLE/VERSION/BUNDLE-VERSION.jar for api, control and local; returns bin/. */
    static Path distribution(Path dir, String... scripts) throws IOException, URISyntaxException {
        Path home = dir.resolve("dist");
        Path bin = Files.createDirectories(home.resolve("bin"));
        for (String script : scripts) {
            Files.copy(BIN.resolve(script), bin.resolve(script), StandardCopyOption.COPY_ATTRIBUTES);
        }
        shipJar(home, "org.tessera.api", CdbFiles.class);
        shipJar(home, "org.tessera.control", Cdb.files().getClass());
        shipJar(home, "org.tessera.local", NewuTool.class);
        return bin;
    }

    static Result run(List<String> command, Path directory, byte[] input, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path in = Files.createTempFile(directory, "stdin", ".txt");
        Path out = Files.createTempFile(directory, "stdout", ".txt");
        Path err = Files.createTempFile(directory, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectInput(Files.write(in, input).toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("TESSERA_HOME");
        builder.environment().putAll(environment);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish");
        }
        Result result = new Result(process.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                Files.readString(err, StandardCharsets.ISO_8859_1));
        Files.delete(in);
        Files.delete(out);
        Files.delete(err);
        return result;
    }

    private static void shipJar(Path home, String bundle, Class<?> member) throws IOException, URISyntaxException {
        Path source = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = Files.createDirectories(home.resolve("system/org/tessera/" + bundle + "/9.9.9-TEST"))
                .resolve(bundle + "-9.9.9-TEST.jar");
        if (Files.isRegularFile(source)) {
            Files.copy(source, jar);
            return;
        }
        // Before the package phase a module's classes are a directory: jar them as the build will.
        try (OutputStream output = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(output);
                Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}

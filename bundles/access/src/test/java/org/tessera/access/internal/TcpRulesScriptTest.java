package org.tessera.access.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.control.CdbFiles;

/**
 * The distribution's bin/tcprules, run as a process over a system/ repository laid out as the
 * distribution lays it out, holding the api, control and access classes this build made.
 */
class TcpRulesScriptTest {

    private static final Path SCRIPT = Path.of("../../distribution/src/main/resources/assembly/bin/tcprules");

    @TempDir
    Path dir;

    @Test
    void compilesLikeTheToolInProcessAndExitsAsTcprules() throws Exception {
        Path bin = distribution();
        String text = TcpRulesInteropTest.EVERY_FORM;
        Program.Result ok = script(bin, text, "rules.cdb", "rules.tmp");
        assertEquals(new Program.Result(0, ""), ok);
        assertEquals(0, TcpRulesTool.run(List.of(dir.resolve("in-process.cdb").toString(), dir.resolve("in-process.tmp").toString()),
                new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)), System.err, Records.cdbFiles()));
        assertArrayEquals(Files.readAllBytes(dir.resolve("in-process.cdb")), Files.readAllBytes(dir.resolve("rules.cdb")));

        byte[] before = Files.readAllBytes(dir.resolve("rules.cdb"));
        assertEquals(new Program.Result(100, "tcprules: fatal: unable to parse this line: x:maybe\n"),
                script(bin, "x:maybe\n", "rules.cdb", "rules.tmp"));
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("rules.cdb")));
        assertEquals(new Program.Result(100, "tcprules: usage: tcprules rules.cdb rules.tmp\n"), script(bin, "", "rules.cdb"));
    }

    @Test
    void saysWhichJarIsMissing() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("empty/bin"));
        Path script = Files.copy(SCRIPT, bin.resolve("tcprules"));
        Program.Result result = Program.run(List.of(script.toString(), "r.cdb", "r.tmp"), dir, new byte[0], Map.of());
        assertEquals(111, result.exit());
        assertEquals("tcprules: fatal: no org.tessera.api jar in " + dir.resolve("empty").toRealPath() + "/system\n", result.errors());
    }

    private Program.Result script(Path bin, String text, String... args) throws Exception {
        List<String> command = Stream.concat(Stream.of(bin.resolve("tcprules").toString()), Stream.of(args)).toList();
        return Program.run(command, dir, text.getBytes(StandardCharsets.ISO_8859_1),
                Map.of("JAVA_HOME", System.getProperty("java.home")));
    }

    /** bin/tcprules beside system/org/tessera/NAME/VERSION/NAME-VERSION.jar for the three bundles; returns bin/. */
    private Path distribution() throws IOException, URISyntaxException {
        Path home = dir.resolve("dist");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.copy(SCRIPT, bin.resolve("tcprules"), StandardCopyOption.COPY_ATTRIBUTES);
        shipJar(home, "org.tessera.api", CdbFiles.class);
        shipJar(home, "org.tessera.control", Records.cdbFiles().getClass());
        shipJar(home, "org.tessera.access", TcpRulesTool.class);
        return bin;
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
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out);
                Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }
}

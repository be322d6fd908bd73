package org.tessera.maillog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/tai64nlocal of the distribution, run on labels this bundle writes. */
class Tai64nLocalScriptTest {

    private static final Path SCRIPT = Path.of("../../distribution/src/main/resources/assembly/bin/tai64nlocal");

    @TempDir
    Path dir;

    @Test
    void replacesLeadingLabelsWithLocalTime() throws Exception {
        assumeTrue(new File("/bin/bash").canExecute() || new File("/usr/bin/bash").canExecute(), "needs bash");
        String in = "@4000000038c3eeb027f41c7c new msg 42\n"
                + Tai64n.label(Instant.parse("2026-12-01T20:00:00.123456789Z")) + " end msg 42\n"
                + "no label here\n"
                + "@4000000038c3eeb0 too short: unchanged\n"
                + "  @4000000038c3eeb027f41c7c not at the start\n"
                + "@400000000000000a000005dc last line without newline";
        String expected = "2000-03-06 17:45:10.670309500 new msg 42\n"
                + "2026-12-01 20:00:00.123456500 end msg 42\n"
                + "no label here\n"
                + "@4000000038c3eeb0 too short: unchanged\n"
                + "  @4000000038c3eeb027f41c7c not at the start\n"
                + "1970-01-01 00:00:00.000001500 last line without newline";
        assertEquals(expected, run(in, "UTC"));
        assertEquals("2000-03-06 18:45:10.670309500 new msg 42\n",
                run("@4000000038c3eeb027f41c7c new msg 42\n", "Europe/Berlin"));
    }

    @Test
    void readsWhatTheWriterWrites() throws Exception {
        Instant at = Instant.parse("2011-02-03T04:05:06.000007500Z");
        try (MultilogWriter w = new MultilogWriter(dir, 99999, 10, () -> at)) {
            w.write(at, "status: local 0/10 remote 0/20");
        }
        String current = Files.readString(dir.resolve("current"));
        assertEquals("2011-02-03 04:05:06.000007500 status: local 0/10 remote 0/20\n", run(current, "UTC"));
    }

    private String run(String input, String tz) throws IOException, InterruptedException {
        Path in = Files.writeString(dir.resolve("in-" + System.nanoTime()), input);
        ProcessBuilder pb = new ProcessBuilder(SCRIPT.toAbsolutePath().toString())
                .redirectInput(in.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("TZ", tz);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assumeTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return new String(out, StandardCharsets.UTF_8);
    }
}

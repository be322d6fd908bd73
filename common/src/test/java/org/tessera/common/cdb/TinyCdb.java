package org.tessera.common.cdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.tessera.api.control.CdbRecord;

/**
 * Runs Debian's tinycdb {@code cdb} program. Without it the tests that need it are skipped, unless
 * {@code -Dtessera.requireTools=true} (as CI runs) says a missing tool is a failure.
 */
public final class TinyCdb {

    private final Path program;

    private TinyCdb(Path program) {
        this.program = program;
    }

    /** Finds {@code cdb} on the PATH, or skips or fails the calling test. */
    public static TinyCdb require() {
        Optional<Path> found = find();
        if (found.isEmpty()) {
            String message = "tinycdb's cdb program is not on the PATH (apt-get install tinycdb)";
            if (Boolean.getBoolean("tessera.requireTools")) {
                fail(message + " and tessera.requireTools=true");
            }
            assumeTrue(false, message);
        }
        return new TinyCdb(found.get());
    }

    private static Optional<Path> find() {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "" : path).split(":")) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, "cdb");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The input format of {@code cdb -c} and output of {@code cdb -d}: {@code +klen,dlen:key->data} lines, then an empty line. */
    static byte[] dumpFormat(List<CdbRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (CdbRecord record : records) {
            out.writeBytes(("+" + record.key().length + "," + record.value().length + ":").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(record.key());
            out.writeBytes("->".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(record.value());
            out.write('\n');
        }
        out.write('\n');
        return out.toByteArray();
    }

    /** {@code cdb -c file input}: creates a cdb file from records. */
    public void create(Path file, List<CdbRecord> records) throws Exception {
        Path input = Files.write(file.resolveSibling(file.getFileName() + ".in"), dumpFormat(records));
        Result result = run(List.of("-c", file.toString(), input.toString()));
        assertEquals(0, result.exit(), () -> "cdb -c failed: " + result.text());
    }

    /** {@code cdb -d file}: the records of a file, in file order. */
    byte[] dump(Path file) throws Exception {
        Result result = run(List.of("-d", file.toString()));
        assertEquals(0, result.exit(), () -> "cdb -d failed: " + result.text());
        return result.output();
    }

    /** {@code cdb -q -n number file key}: the value of the number-th record with a key. */
    Result query(Path file, String key, int number) throws Exception {
        return run(List.of("-q", "-n", Integer.toString(number), file.toString(), key));
    }

    record Result(int exit, byte[] output) {
        String text() {
            return new String(output, StandardCharsets.ISO_8859_1);
        }
    }

    private Result run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("cdb " + arguments + " did not finish");
        }
        return new Result(process.exitValue(), output);
    }
}

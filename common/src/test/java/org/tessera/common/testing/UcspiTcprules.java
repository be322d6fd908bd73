package org.tessera.common.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** ucspi-tcp's own tcprules (Debian's ucspi-tcp), for the tests that compare with it. */
public final class UcspiTcprules {

    private final Path program;

    private UcspiTcprules(Path program) {
        this.program = program;
    }

    /** Finds it on the PATH, or skips or fails the calling test ({@link Program#onPath}). */
    public static UcspiTcprules require() {
        return new UcspiTcprules(Program.onPath("tcprules", "ucspi-tcp"));
    }

    /** {@code tcprules CDB CDB.tmp < text}, in {@code dir}. */
    public Program.Result compile(Path dir, String text, String cdb) throws Exception {
        return run(dir, text, List.of(cdb, cdb + ".tmp"));
    }

    /** tcprules with these arguments, in {@code dir}. */
    public Program.Result run(Path dir, String text, List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(program.toString()));
        command.addAll(arguments);
        return Program.run(command, dir, text.getBytes(StandardCharsets.ISO_8859_1), Map.of());
    }
}

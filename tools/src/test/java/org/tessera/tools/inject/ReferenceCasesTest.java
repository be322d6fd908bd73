package org.tessera.tools.inject;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@code inject/cases.tsv} against what notqmail's qmail-inject printed with {@code -n}
 * and handed to a recording qmail-queue (Date, Message-ID and the VERP time masked to this clock).
 */
class ReferenceCasesTest {

    @TempDir
    Path spool;

    static Stream<Arguments> cases() throws IOException {
        Map<String, String> base = new HashMap<>();
        List<Arguments> cases = new ArrayList<>();
        for (String line : resource("cases.tsv").split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            Map<String, String> environment = new HashMap<>(base);
            for (String entry : list(columns[2])) {
                if (entry.startsWith("-")) {
                    environment.remove(entry.substring(1));
                } else {
                    String[] pair = entry.split("=", 2);
                    environment.put(pair[0], pair[1].replace("@MFT@", path("mft.lists").toString()));
                }
            }
            if (columns[0].equals("BASE")) {
                base = environment;
            } else {
                cases.add(Arguments.of(columns[0], columns[1], environment, list(columns[3])));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsAndQueuesWhatQmailInjectDoes(String name, String input, Map<String, String> environment,
            List<String> args) throws IOException {
        String message = resource("cases/" + input + ".in");
        String expectedErr = optionalResource("cases/" + name + ".err");
        int expectedExit = expectedErr.isEmpty() ? 0 : Integer.parseInt(expectedErr.lines().findFirst().orElseThrow()
                .substring("exit ".length()));
        String expectedStderr = expectedErr.isEmpty() ? "" : expectedErr.substring(expectedErr.indexOf('\n') + 1);

        List<String> printArgs = new ArrayList<>(List.of("-n"));
        printArgs.addAll(args);
        InjectRun printed = InjectRun.of(printArgs, environment, message, spool);
        InjectRun queued = InjectRun.of(args, environment, message, spool);

        assertAll(
                () -> assertEquals(expectedExit, printed.exitCode, "-n exit code"),
                () -> assertEquals(expectedStderr, printed.err(), "-n stderr"),
                () -> assertEquals(optionalResource("cases/" + name + ".out"), printed.out(), "-n output"),
                () -> assertEquals(expectedExit, queued.exitCode, "queue exit code"),
                () -> assertEquals(expectedStderr, queued.err(), "queue stderr"));
        if (expectedExit == 0) {
            String printedOut = printed.out();
            assertAll(
                    () -> assertEquals(resource("cases/" + name + ".envelope"), queued.envelope(), "envelope"),
                    () -> assertEquals(printedOut.substring(printedOut.indexOf('\n') + 1), queued.message,
                            "queued message"),
                    () -> assertNull(queued.messageFile, "a short message is spooled in memory"));
        }
    }

    private static List<String> list(String column) {
        return column.isEmpty() ? List.of() : Arrays.asList(column.split("\\|", -1));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReferenceCasesTest.class.getResourceAsStream("/inject/" + name)) {
            if (in == null) {
                throw new IOException("no test resource inject/" + name);
            }
            byte[] bytes = in.readAllBytes();
            return new String(bytes, name.endsWith(".tsv") ? UTF_8 : ISO_8859_1);
        }
    }

    private static String optionalResource(String name) throws IOException {
        return ReferenceCasesTest.class.getResource("/inject/" + name) == null ? "" : resource(name);
    }

    private static Path path(String name) {
        try {
            return Path.of(ReferenceCasesTest.class.getResource("/inject/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}

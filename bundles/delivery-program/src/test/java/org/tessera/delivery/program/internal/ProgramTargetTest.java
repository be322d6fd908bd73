package org.tessera.delivery.program.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tessera.api.delivery.Delivery;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.api.mail.MessageContent;
import org.tessera.testkit.TestMessage;

/** The program target running real {@code /bin/sh} processes in a temporary home. */
@Timeout(120)
class ProgramTargetTest {

    private static final byte[] MESSAGE = "Subject: hi\n\nhello\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path home;

    private final ProgramTarget target = new ProgramTarget();

    private DeliveryResult run(String command) {
        return target.deliver(Deliveries.of(home, command, TestMessage.of(MESSAGE)));
    }

    @Test
    void programSeesOnlyPathAndTheQmailVariablesInItsHome() throws IOException {
        DeliveryResult result = run("env -0 > env.out; pwd");
        assertEquals(new DeliveryResult(Outcome.SUCCESS, home + "\n"), result);
        Map<String, String> expected = new HashMap<>(Deliveries.environment(home, "joe-ext"));
        expected.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        // The shell itself exports PWD (dash and bash both do); nothing of the server's environment gets through.
        expected.put("PWD", home.toString());
        assertEquals(expected, environment(home.resolve("env.out")));
    }

    @Test
    void configuredPathReplacesTheDefault() throws IOException {
        target.configure(Map.of("path", "/bin:/opt/x"));
        run("env -0 > env.out");
        assertEquals("/bin:/opt/x", environment(home.resolve("env.out")).get("PATH"));
    }

    private static Map<String, String> environment(Path file) throws IOException {
        Map<String, String> variables = new HashMap<>();
        for (String entry : Files.readString(file, StandardCharsets.UTF_8).split("\0")) {
            int equals = entry.indexOf('=');
            variables.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return variables;
    }

    @Test
    void programReadsTheMessageUnchangedFromMemoryOrFromItsFile() throws IOException {
        byte[] message = Deliveries.everyByte();
        assertEquals(Outcome.SUCCESS, target.deliver(Deliveries.of(home, "cat > from-memory", TestMessage.of(message))).outcome());
        assertArrayEquals(message, Files.readAllBytes(home.resolve("from-memory")));

        Path file = Files.write(home.resolve("message"), message);
        assertEquals(Outcome.SUCCESS, target.deliver(Deliveries.of(home, "cat > from-file", TestMessage.ofFile(file))).outcome());
        assertArrayEquals(message, Files.readAllBytes(home.resolve("from-file")));

        assertEquals(new DeliveryResult(Outcome.SUCCESS, "0\n"),
                target.deliver(Deliveries.of(home, "wc -c", TestMessage.of(new byte[0]))));
    }

    @Test
    void standardInputIsAFileAProgramMayRewindAndNoCopyIsLeft() throws IOException {
        byte[] message = Deliveries.everyByte();
        String rewindTwice = "cat > first && python3 -c 'import os; os.lseek(0, 0, os.SEEK_SET)' && cat > second";
        for (MessageContent content : List.of(TestMessage.of(message),
                TestMessage.ofFile(Files.write(home.resolve("message"), message)))) {
            assertEquals(Outcome.SUCCESS, target.deliver(Deliveries.of(home, rewindTwice, content)).outcome());
            assertArrayEquals(message, Files.readAllBytes(home.resolve("first")));
            assertArrayEquals(message, Files.readAllBytes(home.resolve("second")));
        }
        try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("tessera-program-")).toList());
        }
    }

    @ParameterizedTest(name = "exit {0} is {1}")
    @CsvSource({"0, SUCCESS", "99, SUCCESS_STOP", "100, PERMANENT", "64, PERMANENT", "65, PERMANENT", "70, PERMANENT",
        "76, PERMANENT", "77, PERMANENT", "78, PERMANENT", "112, PERMANENT", "1, TEMPORARY", "2, TEMPORARY",
        "63, TEMPORARY", "66, TEMPORARY", "71, TEMPORARY", "75, TEMPORARY", "101, TEMPORARY", "111, TEMPORARY",
        "113, TEMPORARY", "128, TEMPORARY", "193, TEMPORARY", "255, TEMPORARY"})
    void exitCodeChoosesTheOutcomeAndTheOutputIsTheWholeText(int exit, Outcome outcome) {
        assertEquals(new DeliveryResult(outcome, "out\nerr\n"), run("echo out; echo err >&2; exit " + exit));
    }

    @Test
    void programKilledBySignalCrashedAfterWhatItSaid() {
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "partial\nAack, child crashed. (#4.3.0)\n"
                + "the program was killed by signal 9 (or exited with 137)\n"), run("echo partial; kill -9 $$"));
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Aack, child crashed. (#4.3.0)\n"
                + "the program was killed by signal 11 (or exited with 139)\n"), run("kill -SEGV $$"));
    }

    @Test
    void reportKeepsTheFirst3001BytesAndTheProgramIsNotHeldBack() {
        DeliveryResult result = run("yes 0123456789 | head -c 1000000; echo; exit 99");
        assertEquals(Outcome.SUCCESS_STOP, result.outcome());
        assertEquals(("0123456789\n".repeat(273)).substring(0, 3001), result.text());
    }

    @Test
    void reportEndsAtTheFirstNulAndSoDoesEverythingAfterIt() {
        assertEquals(new DeliveryResult(Outcome.SUCCESS, "before"), run("printf 'before\\000after\\n'; echo more"));
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "a"), run("printf 'a\\000b'; kill -9 $$"));
    }

    @Test
    void shellThatCannotRunIsTemporaryWithQmailsWords() throws IOException {
        Path missing = home.resolve("no-such-shell");
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to run " + missing + ": file does not exist. (#4.3.0)\n"),
                runner(missing.toString(), Duration.ofSeconds(10)).run(home.toString(), "true", Map.of(), TestMessage.of(MESSAGE)));
        Path notExecutable = Files.writeString(home.resolve("sh"), "#!/bin/sh\n");
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to run " + notExecutable + ": access denied. (#4.3.0)\n"),
                runner(notExecutable.toString(), Duration.ofSeconds(10)).run(home.toString(), "true", Map.of(), TestMessage.of(MESSAGE)));
    }

    private static ProgramRunner runner(String shell, Duration timeout) {
        return new ProgramRunner(new ProgramRunner.Settings(shell, ProgramRunner.DEFAULT_PATH, timeout, Map.of()));
    }

    @Test
    void timeoutKillsTheProgramAndWhatItStartedAndDefers() throws Exception {
        ProgramRunner oneSecond = runner(ProgramRunner.SHELL, Duration.ofSeconds(1));
        long start = System.nanoTime();
        DeliveryResult result = oneSecond.run(home.toString(), "echo $$ > shell.pid; sleep 1000 & echo $! > background.pid; echo started; sleep 1000",
                Deliveries.environment(home, "joe-ext"), TestMessage.of(MESSAGE));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "took too long");
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "started\nTimeout on program delivery: killed after 1 seconds. (#4.3.0)\n"), result);
        for (String pid : List.of("shell.pid", "background.pid")) {
            assertFalse(running(Long.parseLong(Files.readString(home.resolve(pid)).strip())), pid);
        }
    }

    // A killed process whose parent died may stay a zombie until init reaps it: that counts as gone.
    private static boolean running(long pid) throws IOException, InterruptedException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        for (int i = 0; i < 100; i++) {
            if (!Files.exists(stat)) {
                return false;
            }
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

    @Test
    void programIgnoringABigMessageSucceeds() {
        byte[] big = new byte[10 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        assertEquals(new DeliveryResult(Outcome.SUCCESS, "ignored\n"),
                target.deliver(Deliveries.of(home, "echo ignored", TestMessage.of(big))));
        assertEquals(new DeliveryResult(Outcome.SUCCESS, "xxxxxxxxxx\n"),
                target.deliver(Deliveries.of(home, "head -c 10; echo; sleep 1", TestMessage.of(big))));
        assertEquals(new DeliveryResult(Outcome.SUCCESS, "closed\n"),
                target.deliver(Deliveries.of(home, "exec 0<&-; echo closed", TestMessage.of(big))));
    }

    @Test
    void messageThatCannotBeReadKillsTheProgramAndDefers() {
        MessageContent failing = new MessageContent() {
            @Override
            public long size() {
                return 1 << 20;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    private int left = 100_000;

                    @Override
                    public int read() throws IOException {
                        if (left-- <= 0) {
                            throw new IOException("disk trouble");
                        }
                        return 'x';
                    }
                };
            }
        };
        DeliveryResult result = target.deliver(Deliveries.of(home, "cat > /dev/null; echo delivered a cut message", failing));
        assertEquals(new DeliveryResult(Outcome.TEMPORARY, "Unable to read message: disk trouble. (#4.3.0)\n"), result);
    }

    @Test
    void fiftyDeliveriesAtOnceEachGetTheirOwnAndLeaveNoThread() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            List<Future<DeliveryResult>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                byte[] message = ("Subject: " + i + "\n\n" + "line\n".repeat(i * 1000)).getBytes(StandardCharsets.US_ASCII);
                Delivery delivery = Deliveries.of(home, "user" + i, "wc -c; echo $LOCAL", TestMessage.of(message));
                results.add(callers.submit((Callable<DeliveryResult>) () -> target.deliver(delivery)));
            }
            for (int i = 0; i < 50; i++) {
                int size = ("Subject: " + i + "\n\n").length() + 5 * 1000 * i;
                assertEquals(new DeliveryResult(Outcome.SUCCESS, size + "\nuser" + i + "\n"), results.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdown();
            assertTrue(callers.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("tessera-program")).toList());
    }
}

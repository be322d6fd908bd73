package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.tessera.checkpassword.exec.internal.TestPrograms.bytes;
import static org.tessera.checkpassword.exec.internal.TestPrograms.checker;
import static org.tessera.checkpassword.exec.internal.TestPrograms.config;
import static org.tessera.checkpassword.exec.internal.TestPrograms.python;
import static org.tessera.checkpassword.exec.internal.TestPrograms.script;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;

/** The checker running the Python checkpassword of the test resources and small sh programs as real processes. */
@Timeout(120)
class CheckpasswordProgramTest {

    private static final String TIMESTAMP = "<4711.1700000000@mail.example.org>";
    private static final long NOBODY = 65534;

    @TempDir
    Path dir;

    private Path home;
    private Path table;
    private AuthResult alice;
    private final List<CheckpasswordProgram> checkers = new ArrayList<>();

    @BeforeEach
    void accounts() throws IOException {
        home = TestPrograms.home("alice");
        table = TestPrograms.table(dir, "alice:horse battery:" + NOBODY + ":" + NOBODY + ":" + home, "bob::1000:1000:/");
        // As root the checkpassword switches to the table's ids; otherwise it cannot, and the reply says so.
        long[] ids = TestPrograms.isRoot() ? new long[] {NOBODY, NOBODY} : TestPrograms.ownIds();
        alice = new AuthResult(Outcome.ACCEPTED, "alice", ids[0], ids[1], home.toString());
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (CheckpasswordProgram checker : checkers) {
            checker.deactivate();
        }
    }

    private CheckpasswordProgram started(UnaryOperator<String> environment, Map<String, Object> config) {
        CheckpasswordProgram checker = checker(environment, config);
        checkers.add(checker);
        return checker;
    }

    private CheckpasswordProgram started(String program) {
        return started(name -> null, config(program, 10));
    }

    private static AuthResult check(CheckpasswordProgram checker, String login, String password) {
        return checker.check(login, bytes(password), TIMESTAMP);
    }

    @Test
    void rightPasswordIsAcceptedWithTheAccountTheProgramSwitchedTo() {
        assertEquals(alice, check(started(python(table)), "alice", "horse battery"));
    }

    @Test
    void wrongPasswordUnknownUserAndEmptyStoredPasswordAreRejected() {
        CheckpasswordProgram checker = started(python(table));
        assertEquals(AuthResult.REJECTED, check(checker, "alice", "horse"));
        assertEquals(AuthResult.REJECTED, check(checker, "alice", ""));
        assertEquals(AuthResult.REJECTED, check(checker, "carol", "horse battery"));
        assertEquals(AuthResult.REJECTED, check(checker, "bob", ""));
    }

    @Test
    void timestampReachesTheProgramAsAnApopChallenge() throws NoSuchAlgorithmException {
        CheckpasswordProgram checker = started(python(table));
        String digest = md5Hex(TIMESTAMP + "horse battery");
        assertEquals(alice, check(checker, "alice", digest));
        assertEquals(AuthResult.REJECTED, checker.check("alice", bytes(digest), "<4712.1700000000@mail.example.org>"));
        assertEquals(AuthResult.REJECTED, checker.check("alice", bytes(digest), ""));
    }

    static String md5Hex(String text) throws NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
        return String.format("%032x", new BigInteger(1, digest));
    }

    @Test
    void programReadsExactlyTheThreeFieldsOnDescriptor3WithNothingOnStandardInputAndOnlyPath() throws IOException {
        // Standard input first: were it the pipe too, it would take what descriptor 3 should carry.
        Path program = script(dir, "record", "cat > " + dir + "/fd0; cat <&3 > " + dir + "/fd3; env > " + dir
                + "/env; printf '%s\\n' \"$@\" > " + dir + "/args; exit 1");
        assertEquals(AuthResult.REJECTED, started(program + " --flag").check("alice", bytes("horse battery"), TIMESTAMP));
        assertEquals("alice\0horse battery\0" + TIMESTAMP + "\0", Files.readString(dir.resolve("fd3")));
        assertEquals("", Files.readString(dir.resolve("fd0")));
        assertEquals("--flag\n" + TestPrograms.REPLY + "\n", Files.readString(dir.resolve("args")));
        Map<String, String> environment = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("env"))) {
            environment.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
        // The shell exports PWD itself; nothing of the server's environment gets through.
        environment.remove("PWD");
        assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"), environment);
    }

    @Test
    void inputOverTheInterfacesLimitIsRejectedByTheProgramAndOverAPageIsNotSent() throws IOException {
        assertEquals(AuthResult.REJECTED, check(started(python(table)), "alice", "x".repeat(600)));
        Path ran = dir.resolve("ran");
        CheckpasswordProgram temporary = started(script(dir, "temporary", "touch " + ran + "; exit 111").toString());
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(temporary, "alice", "x".repeat(600)));
        Files.delete(ran);
        assertEquals(AuthResult.REJECTED, check(temporary, "alice", "x".repeat(ProgramCheck.INPUT_LIMIT)));
        assertEquals(AuthResult.REJECTED, check(temporary, "alice\0horse battery", "x"));
        assertEquals(AuthResult.REJECTED, check(temporary, "alice", "horse\0battery"));
        assertEquals(AuthResult.REJECTED, temporary.check("alice", bytes("horse battery"), "<\0>"));
        assertFalse(Files.exists(ran), "the program ran");
    }

    @Test
    void misuseIsRejected() {
        // Without its table the Python checkpassword takes the reply program for the table and has no program.
        String noTable = TestPrograms.PYTHON + " -S " + TestPrograms.pythonScript();
        assertEquals(AuthResult.REJECTED, check(started(noTable), "alice", "horse battery"));
    }

    @ParameterizedTest(name = "exit {0} is {1}")
    @CsvSource({"1, REJECTED", "2, REJECTED", "111, TEMPORARY_FAILURE", "3, TEMPORARY_FAILURE", "100, TEMPORARY_FAILURE",
        "110, TEMPORARY_FAILURE", "112, TEMPORARY_FAILURE", "128, TEMPORARY_FAILURE", "255, TEMPORARY_FAILURE"})
    void exitStatusChoosesTheOutcome(int exit, Outcome outcome) throws IOException {
        AuthResult result = check(started(script(dir, "exit", "exit " + exit).toString()), "alice", "horse battery");
        assertEquals(outcome, result.outcome());
    }

    @Test
    void exitStatusWinsOverAReply() throws IOException {
        Path program = script(dir, "reply-then-reject", "USER=alice HOME=/ \"$@\"; exit 1");
        assertEquals(AuthResult.REJECTED, check(started(program.toString()), "alice", "horse battery"));
    }

    @Test
    void programKilledBySignalFailsTemporarily() throws IOException {
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(started(script(dir, "kill9", "kill -9 $$").toString()), "alice", "x"));
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(started(script(dir, "segv", "kill -SEGV $$").toString()), "alice", "x"));
    }

    @Test
    void programThatCannotBeRunFailsTemporarily() throws IOException {
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(started(dir.resolve("missing").toString()), "alice", "x"));
        Path notExecutable = Files.writeString(dir.resolve("not-executable"), "#!/bin/sh\nexit 0\n");
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(started(notExecutable.toString()), "alice", "x"));
        CheckpasswordProgram noReply = started(name -> null, Map.of("program", python(table),
                "replyProgram", dir.resolve("missing-reply").toString()));
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(noReply, "alice", "horse battery"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "exit 0",
        "echo welcome; exit 0",
        "printf 'tessera-checkpassword-reply 1\\nalice\\000/\\00012\\000'; exit 0",
        "printf 'tessera-checkpassword-reply 1\\nalice\\000/\\000x\\00012\\000'; exit 0",
        "printf 'tessera-checkpassword-reply 1\\nalice\\000/\\0004294967296\\00012\\000'; exit 0",
        "printf 'tessera-checkpassword-reply 2\\nalice\\000/\\0001\\0001\\000'; exit 0",
        "printf 'tessera-checkpassword-reply 1\\n'; head -c 5000 /dev/zero | tr '\\000' x; exit 0",
        "HOME=/ exec \"$@\""})
    void exitZeroWithoutAWholeReplyFailsTemporarily(String body) throws IOException {
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(started(script(dir, "no-reply", body).toString()), "alice", "x"));
    }

    @Test
    void noProgramRejectsSoTheNextCheckerIsAsked() {
        assertEquals(AuthResult.REJECTED, check(started(name -> null, Map.of()), "alice", "horse battery"));
        assertEquals(AuthResult.REJECTED, check(started(name -> " ", Map.of("program", " \t")), "alice", "horse battery"));
    }

    @Test
    void environmentVariableReplacesTheConfiguredProgram() {
        Map<String, Object> config = config("/nonexistent/checkpassword", 10);
        UnaryOperator<String> environment = name -> name.equals(CheckpasswordProgram.ENVIRONMENT) ? " " + python(table) + " " : null;
        assertEquals(alice, check(started(environment, config), "alice", "horse battery"));
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(started(name -> "  ", config), "alice", "horse battery"));
        assertEquals(alice, check(started(environment, Map.of("replyProgram", TestPrograms.REPLY.toString())), "alice", "horse battery"));
    }

    @Test
    void replyProgramDefaultsToTheDistributionsBin() {
        String before = System.getProperty("karaf.home");
        System.setProperty("karaf.home", TestPrograms.ASSEMBLY.toString());
        try {
            assertEquals(alice, check(started(name -> null, Map.of("program", python(table))), "alice", "horse battery"));
        } finally {
            if (before == null) {
                System.clearProperty("karaf.home");
            } else {
                System.setProperty("karaf.home", before);
            }
        }
    }

    @Test
    void reconfigurationTakesEffectForTheNextCheck() throws IOException {
        CheckpasswordProgram checker = started(script(dir, "temporary", "exit 111").toString());
        assertEquals(AuthResult.TEMPORARY_FAILURE, check(checker, "alice", "horse battery"));
        checker.configure(TestPrograms.configuration(config(python(table), 10)));
        assertEquals(alice, check(checker, "alice", "horse battery"));
    }

    @Test
    void concurrentChecksEachGetTheirOwnAnswer() throws Exception {
        CheckpasswordProgram checker = started(python(table));
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            List<Future<AuthResult>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String password = i % 2 == 0 ? "horse battery" : "wrong " + i;
                results.add(callers.submit(() -> check(checker, "alice", password)));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i % 2 == 0 ? alice : AuthResult.REJECTED, results.get(i).get());
            }
        } finally {
            callers.shutdownNow();
        }
    }
}

package org.tessera.delivery.program.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tessera.common.testing.Programs;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.delivery.DeliveryResult;
import org.tessera.api.delivery.DeliveryResult.Outcome;
import org.tessera.testkit.TestMessage;

/**
 * The .qmail helper tools of the distribution's bin/ run as real processes under /bin/sh (dash on Debian):
 * preline, bouncesaying, except, maildirmake (preline(1), bouncesaying(1), except(1), maildirmake(1)).
 */
@Timeout(120)
class HelperToolsTest {

    private static final String UFLINE = "From sender@example.org Thu Jan 01 00:00:00 1970\n";
    private static final String RPLINE = "Return-Path: <sender@example.org>\n";
    private static final String DTLINE = "Delivered-To: joe@example.com\n";
    private static final String MESSAGE = "Subject: hi\n\nhello\n";

    @TempDir
    Path dir;

    private Path message;
    private final Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin:/bin",
            "UFLINE", UFLINE, "RPLINE", RPLINE, "DTLINE", DTLINE));

    @BeforeEach
    void writeMessage() throws IOException {
        message = Files.writeString(dir.resolve("message"), MESSAGE);
    }

    private Tool.Result run(String tool, String... args) throws Exception {
        return Tool.run(dir, environment, message, tool, args);
    }

    private static Tool.Result result(int exit, String out, String err) {
        return new Tool.Result(exit, out, err);
    }

    @Test
    void prelineFeedsTheThreeLinesInOrderThenTheMessage() throws Exception {
        assertEquals(result(0, UFLINE + RPLINE + DTLINE + MESSAGE, ""), run("preline", "cat"));
        assertEquals(result(0, RPLINE + DTLINE + MESSAGE, ""), run("preline", "-f", "cat"));
        assertEquals(result(0, UFLINE + DTLINE + MESSAGE, ""), run("preline", "-r", "cat"));
        assertEquals(result(0, UFLINE + RPLINE + MESSAGE, ""), run("preline", "-d", "cat"));
        assertEquals(result(0, MESSAGE, ""), run("preline", "-dfr", "cat"));
        assertEquals(result(0, DTLINE + MESSAGE, ""), run("preline", "-dfr", "-D", "cat"));
        assertEquals(result(0, UFLINE + RPLINE + MESSAGE, ""), run("preline", "-fFd", "--", "cat"));
        // The program, not a shell builtin of the same name: /bin/echo prints backslashes as they are.
        assertEquals(result(0, "a\\nb -n\n", ""), run("preline", "echo", "a\\nb", "-n"));
    }

    @Test
    void prelineExitsAsItsCommandAndPassesItsErrorsThrough() throws Exception {
        assertEquals(result(42, "", "oops\n"), run("preline", "sh", "-c", "cat > /dev/null; echo oops >&2; exit 42"));
        assertEquals(result(99, "", ""), run("preline", "sh", "-c", "exit 99"));
        assertEquals(result(111, "", "said\npreline: fatal: child crashed\n"),
                run("preline", "sh", "-c", "echo said >&2; kill -9 $$"));
        Path big = Files.write(dir.resolve("big"), new byte[10 << 20]);
        assertEquals(result(0, "", ""), Tool.run(dir, environment, big, "preline", "true"));
        // Standard input a directory: reading it fails after the three lines went to cat.
        assertEquals(result(111, UFLINE + RPLINE + DTLINE, "preline: fatal: unable to copy input: input/output error\n"),
                Tool.run(dir, environment, message, List.of("/bin/sh", "-c", "exec \"$0\" cat < .", Tool.script("preline").toString())));
    }

    @Test
    void prelineCannotRunWhatIsMissingOrNotExecutable() throws Exception {
        assertEquals(result(100, "", "preline: fatal: unable to run no-such-program: file does not exist\n"),
                run("preline", "no-such-program"));
        assertEquals(result(100, "", "preline: fatal: unable to run ./message: access denied\n"), run("preline", "./message"));
        Path script = Files.writeString(dir.resolve("filter"), "#!/bin/sh\nexec wc -l\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        environment.put("PATH", dir + ":/usr/bin:/bin");
        assertEquals(result(0, "6\n", ""), run("preline", "filter"));
    }

    @Test
    void prelineUsage() throws Exception {
        String usage = "preline: usage: preline cmd [ arg ... ]\n";
        assertEquals(result(100, "", usage), run("preline"));
        assertEquals(result(100, "", usage), run("preline", "-x", "cat"));
        for (String missing : List.of("UFLINE", "RPLINE", "DTLINE")) {
            Map<String, String> without = new HashMap<>(environment);
            without.remove(missing);
            assertEquals(result(100, "", usage), Tool.run(dir, without, message, "preline", "cat"), missing);
        }
        environment.put("UFLINE", "");
        assertEquals(result(0, RPLINE + DTLINE + MESSAGE, ""), run("preline", "cat"));
    }

    @Test
    void prelineFeedsProcmailWhichDeliversToAMaildir() throws Exception {
        Programs.onPath("procmail", "procmail");
        Files.writeString(dir.resolve("procmailrc"), "MAILDIR=" + dir + "\n:0\nMaildir/\n");
        ProgramTarget target = new ProgramTarget();
        DeliveryResult result = target.deliver(Deliveries.of(dir, Tool.script("preline") + " procmail ./procmailrc",
                TestMessage.of(MESSAGE.getBytes(StandardCharsets.US_ASCII))));
        assertEquals(new DeliveryResult(Outcome.SUCCESS, ""), result);
        List<Path> delivered;
        try (Stream<Path> files = Files.list(dir.resolve("Maildir/new"))) {
            delivered = files.toList();
        }
        assertEquals(1, delivered.size());
        // procmail takes the From_ line as the envelope and keeps the rest as preline gave it.
        assertEquals("Return-Path: <sender@example.org>\nDelivered-To: joe-ext@mail.example.com\n" + MESSAGE,
                Files.readString(delivered.get(0)));
    }

    @Test
    void bouncesayingBouncesUnlessItsProgramSaysOtherwise() throws Exception {
        String usage = "bouncesaying: usage: bouncesaying error [ program [ arg ... ] ]\n";
        assertEquals(result(100, "", "Gone fishing.\n"), run("bouncesaying", "Gone fishing."));
        assertEquals(result(100, "", "Too long.\n"), run("bouncesaying", "Too long.", "sh", "-c", "test $(wc -l) -gt 2"));
        assertEquals(result(0, "", ""), run("bouncesaying", "Too long.", "sh", "-c", "test $(wc -l) -gt 20"));
        assertEquals(result(111, "", "bouncesaying: fatal: temporary child error\n"), run("bouncesaying", "x", "sh", "-c", "exit 111"));
        assertEquals(result(0, "", ""), run("bouncesaying", "x", "no-such-program"));
        assertEquals(result(111, "", "bouncesaying: fatal: child crashed\n"), run("bouncesaying", "x", "sh", "-c", "kill -9 $$"));
        assertEquals(result(100, "", usage), run("bouncesaying"));
    }

    @Test
    void exceptTurnsSuccessIntoFailure() throws Exception {
        assertEquals(result(100, MESSAGE, ""), run("except", "cat"));
        assertEquals(result(111, "", ""), run("except", "sh", "-c", "exit 111"));
        assertEquals(result(0, "", "no\n"), run("except", "sh", "-c", "echo no >&2; exit 1"));
        assertEquals(result(0, "", ""), run("except", "no-such-program"));
        assertEquals(result(111, "", "except: fatal: child crashed\n"), run("except", "sh", "-c", "kill -9 $$"));
        assertEquals(result(100, "", "except: usage: except program [ arg ... ]\n"), run("except"));
    }

    @Test
    void maildirmakeMakesFourPrivateDirectoriesWhateverTheUmask() throws Exception {
        assertEquals(result(0, "", ""), run("maildirmake", "Maildir"));
        environment.put("PATH", Tool.BIN + ":/usr/bin:/bin");
        assertEquals(result(0, "", ""), Tool.run(dir, environment, message,
                List.of("/bin/sh", "-c", "umask 000; exec maildirmake ./-open")));
        for (String maildir : List.of("Maildir", "-open")) {
            for (String name : List.of("", "/tmp", "/new", "/cur")) {
                Path made = dir.resolve(maildir + name);
                assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(made)), made.toString());
            }
            try (Stream<Path> entries = Files.list(dir.resolve(maildir))) {
                assertEquals(3, entries.count());
            }
        }
    }

    @Test
    void maildirmakeFailsWhenAnyPartExists() throws Exception {
        Files.createDirectories(dir.resolve("half/new"));
        assertEquals(result(111, "", "maildirmake: fatal: unable to mkdir half: file already exists\n"), run("maildirmake", "half"));
        assertTrue(Files.notExists(dir.resolve("half/tmp")));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        assertEquals(result(111, "", "maildirmake: fatal: unable to mkdir dangling: file already exists\n"), run("maildirmake", "dangling"));
        assertEquals(result(111, "", "maildirmake: fatal: unable to mkdir no/Maildir: file does not exist\n"), run("maildirmake", "no/Maildir"));
        assertEquals(result(100, "", "maildirmake: usage: maildirmake name\n"), run("maildirmake"));
    }
}

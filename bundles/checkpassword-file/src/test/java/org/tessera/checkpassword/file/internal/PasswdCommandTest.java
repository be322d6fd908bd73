package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;

/** qmail:passwd on a console that answers its prompts: it asks twice, masked, and edits the checker's file. */
class PasswdCommandTest {

    @TempDir
    Path directory;

    private Path file;
    private PasswordFileChecker checker;
    private final Deque<String> typed = new ArrayDeque<>();
    private final List<String> prompts = new ArrayList<>();
    private final List<Object> masks = new ArrayList<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void checker() {
        file = directory.resolve("passwd.tessera");
        checker = new PasswordFileChecker();
        checker.activate(Converters.standardConverter().convert(Map.of("file", file.toString()))
                .to(PasswordFileCheckerConfiguration.class));
    }

    @Test
    void addsAUserWithThePasswordTypedTwice() throws Exception {
        typed.addAll(List.of("s3cret", "s3cret"));

        command("bob", 1002L, 100L, "/home/bob").execute();

        assertEquals(List.of("Password for bob: ", "Again: "), prompts);
        assertEquals(List.of('*', '*'), masks);
        assertEquals("added bob to " + file + "\n", console.toString(StandardCharsets.UTF_8));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "bob", 1002, 100, "/home/bob"),
                checker.check("bob", "s3cret".getBytes(StandardCharsets.UTF_8), ""));
    }

    @Test
    void changesAPassword() throws Exception {
        Files.writeString(file, "anne:{PLAIN}old:1001:100::/home/anne\n");
        typed.addAll(List.of("new", "new"));

        command("anne", null, null, null).execute();

        assertEquals("changed the password of anne in " + file + "\n", console.toString(StandardCharsets.UTF_8));
        assertTrue(Files.readString(file).matches("anne:" + PasswordFileEditorTest.HASH + ":1001:100::/home/anne\n"));
    }

    @Test
    void changesNothingWhenThePasswordsDiffer() {
        typed.addAll(List.of("one", "two"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> command("bob", 1L, 1L, "/home/bob").execute());

        assertEquals("the passwords differ", e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void needsTheChecker() {
        PasswdCommand command = command("bob", 1L, 1L, "/home/bob");
        command.checker = null;

        assertThrows(IllegalStateException.class, command::execute);
        assertEquals(List.of(), prompts);
    }

    private PasswdCommand command(String user, Long uid, Long gid, String home) {
        PasswdCommand command = new PasswdCommand();
        command.user = user;
        command.uid = uid;
        command.gid = gid;
        command.home = home;
        command.checker = checker;
        command.session = session();
        return command;
    }

    private Session session() {
        PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);
        return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "readLine" -> {
                        prompts.add((String) args[0]);
                        masks.add(args[1]);
                        yield typed.poll();
                    }
                    case "getConsole" -> out;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}

package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;
import org.tessera.common.passwd.PasswordFileEditor;

/** Edits of real files: what changes, what stays byte for byte, the mode, and what is refused. */
class PasswordFileEditorTest {

    static final Pattern HASH = Pattern.compile(
            "\\{ARGON2ID}\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
    private static final PasswordFileEditor.NewUser NO_OPTIONS = new PasswordFileEditor.NewUser(null, null, null);

    @TempDir
    Path directory;

    private Path file;
    private Path accounts;

    @BeforeEach
    void files() throws IOException {
        file = directory.resolve("passwd.tessera");
        accounts = directory.resolve("system-passwd");
        Files.writeString(accounts, "root:x:0:0:root:/root:/bin/bash\nanne:x:1001:100:Anne:/home/anne:/bin/sh\n");
    }

    @Test
    void createsTheFileForANewUserWithOwnerOnlyMode() throws IOException {
        assertEquals("added bob to " + file, set("bob", "s3cret", new PasswordFileEditor.NewUser(1002L, 100L, "/home/bob")));

        String content = Files.readString(file);
        assertTrue(content.matches("bob:" + HASH + ":1002:100::/home/bob:\n"), content);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "bob", 1002, 100, "/home/bob"), check("bob", "s3cret"));
        assertEquals(AuthResult.REJECTED, check("bob", "s3cre"));
        assertEquals(List.of(file), list(directory, "passwd.tessera"), "no temporary file left");
    }

    @Test
    void takesWhatIsNotGivenFromTheSystemAccount() throws IOException {
        set("anne", "pw", NO_OPTIONS);
        set("root", "pw", new PasswordFileEditor.NewUser(null, 12L, "/var/mail/root"));

        List<String> lines = Files.readAllLines(file);
        assertTrue(lines.get(0).matches("anne:" + HASH + ":1001:100::/home/anne:"), lines.get(0));
        assertTrue(lines.get(1).matches("root:" + HASH + ":0:12::/var/mail/root:"), lines.get(1));
    }

    @Test
    void refusesANewUserWithoutAccount() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> set("carol", "pw", new PasswordFileEditor.NewUser(1L, 1L, null)));

        assertEquals("carol is neither in the password file nor a system account in " + accounts
                + ": give its uid, gid and home (-u UID -g GID -d HOME)", e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void changesOnlyThePasswordFieldOfTheUser() throws IOException {
        String before = "# users\r\n"
                + "#anne:{PLAIN}commented\n"
                + "\n"
                + "anne:{PLAIN}old:1001:100:Anne, room 3:/home/anne:/bin/sh:userdb_mail=maildir:~/Maildir\r\n"
                + "annex:{PLAIN}x:1\n"
                + "anne:{PLAIN}second line, not used:9\n"
                + "bob:" + PasswordFileCheckerTest.MD5 + ":1002\n"
                + "caf\u00e9:{PLAIN}latte";
        Files.writeString(file, before);

        assertEquals("changed the password of anne in " + file, set("anne", "new one", NO_OPTIONS));

        String after = Files.readString(file);
        Matcher hash = HASH.matcher(after);
        assertTrue(hash.find(), after);
        assertEquals(before.replace("{PLAIN}old", hash.group()), after);
        assertEquals(Outcome.ACCEPTED, check("anne", "new one").outcome());
        assertEquals(Outcome.ACCEPTED, check("bob", PasswordFileCheckerTest.RIGHT).outcome());


        set("caf\u00e9", "espresso", NO_OPTIONS);

        String again = Files.readString(file);
        assertEquals(after.replace("{PLAIN}latte", lastHash(again)), again, "the last line still has no LF");
        assertEquals(Outcome.ACCEPTED, check("caf\u00e9", "espresso").outcome());
    }

    @Test
    void addsANewUserOnALineOfItsOwn() throws IOException {
        Files.writeString(file, "anne:{PLAIN}x:1001");

        set("bob", "pw", new PasswordFileEditor.NewUser(1002L, 100L, "/home/bob"));

        List<String> lines = Files.readAllLines(file);
        assertEquals("anne:{PLAIN}x:1001", lines.get(0));
        assertTrue(lines.get(1).matches("bob:" + HASH + ":1002:100::/home/bob:"), lines.get(1));
    }

    @Test
    void givesALineOfTheUserNameAloneAPassword() throws IOException {
        Files.writeString(file, "anne\nbob:{PLAIN}x\n");

        set("anne", "pw", NO_OPTIONS);

        assertTrue(Files.readString(file).matches("anne:" + HASH + "\nbob:\\{PLAIN}x\n"), Files.readString(file));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "anne", -1, -1, ""), check("anne", "pw"));
    }

    @Test
    void keepsTheModeOfTheFile() throws IOException {
        Files.writeString(file, "anne:{PLAIN}old:1001:100::/home/anne\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        set("anne", "pw", NO_OPTIONS);

        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void editsTheTargetOfASymbolicLink() throws IOException {
        Path real = Files.createDirectory(directory.resolve("real")).resolve("users");
        Files.writeString(real, "anne:{PLAIN}old\n");
        Files.createSymbolicLink(file, real);

        set("anne", "pw", NO_OPTIONS);

        assertTrue(Files.isSymbolicLink(file));
        assertTrue(Files.readString(real).matches("anne:" + HASH + "\n"));
    }

    @Test
    void leavesTheFileUntouchedWhenThePasswordsDiffer() throws IOException {
        Files.writeString(file, "anne:{PLAIN}old:1001\n");
        Object inode = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();

        IllegalArgumentException differ = assertThrows(IllegalArgumentException.class, () -> PasswordFileEditor.setPassword(
                file, "anne", "one".toCharArray(), "two".toCharArray(), NO_OPTIONS, accounts));
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> set("anne", "", NO_OPTIONS));

        assertEquals("the passwords differ", differ.getMessage());
        assertEquals("the password is empty", empty.getMessage());
        assertEquals("anne:{PLAIN}old:1001\n", Files.readString(file));
        assertEquals(inode, Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey());
        assertEquals(List.of(file), list(directory, "passwd.tessera"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "an:ne", "an ne", "#anne", "an\nne", "anne\t"})
    void refusesUserNamesTheFileCannotHold(String user) {
        assertThrows(IllegalArgumentException.class,
                () -> set(user, "pw", new PasswordFileEditor.NewUser(1L, 1L, "/home/x")));
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesBadIdsAndHomes() {
        for (PasswordFileEditor.NewUser bad : List.of(new PasswordFileEditor.NewUser(-1L, 1L, "/h"),
                new PasswordFileEditor.NewUser(1L, 4294967296L, "/h"), new PasswordFileEditor.NewUser(1L, 1L, "home/x"),
                new PasswordFileEditor.NewUser(1L, 1L, "/home:x"), new PasswordFileEditor.NewUser(1L, 1L, ""))) {
            assertThrows(IllegalArgumentException.class, () -> set("bob", "pw", bad), bad.toString());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void failsWithoutTheDirectory() {
        Path nowhere = directory.resolve("missing/passwd.tessera");

        assertThrows(IOException.class, () -> PasswordFileEditor.setPassword(nowhere, "bob", "pw".toCharArray(),
                "pw".toCharArray(), new PasswordFileEditor.NewUser(1L, 1L, "/h"), accounts));
    }

    private static String lastHash(String content) {
        Matcher last = HASH.matcher(content);
        String found = null;
        while (last.find()) {
            found = last.group();
        }
        return found;
    }

    private String set(String user, String password, PasswordFileEditor.NewUser newUser) throws IOException {
        return PasswordFileEditor.setPassword(file, user, password.toCharArray(), password.toCharArray(), newUser, accounts);
    }

    private AuthResult check(String user, String password) {
        PasswordFileChecker checker = new PasswordFileChecker();
        checker.activate(Converters.standardConverter().convert(Map.of("file", file.toString()))
                .to(PasswordFileCheckerConfiguration.class));
        return checker.check(user, password.getBytes(StandardCharsets.UTF_8), "");
    }

    static List<Path> list(Path directory, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().contains(prefix)).sorted().toList();
        }
    }
}

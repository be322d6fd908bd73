package org.tessera.checkpassword.file.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.util.converter.Converters;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;
import org.tessera.common.home.TesseraHome;
import org.tessera.common.passwd.Argon2id;
import org.tessera.common.passwd.PasswordFilePath;

/** The checker over real files: the format, reloading, failures, APOP, and the time an unknown user costs. */
class PasswordFileCheckerTest {

    // mkpasswd -m md5crypt and -m sha-512 of "correct horse": cheap enough for many checks
    static final String MD5 = "$1$A6FENsyT$VzevEryzJWx.doAK5BenS.";
    static final String SHA512 = "{SHA512-CRYPT}$6$2r2umjtqLcjXtmOQ$MTnBK02.Dhcv301e8QQp6UsH.un3H4KCCoq6L3Uc0H5crDHfXRgJNVxeHfMUAq.Tp7I9bpBF2jlTD8A5ecXNR1";
    // The password every hash of common's StoredPasswordTest was made of.
    static final String RIGHT = "correct horse";

    @TempDir
    Path directory;

    private Path file;
    private final List<String> warnings = Collections.synchronizedList(new ArrayList<>());
    private long modified = System.currentTimeMillis() - 100_000;

    @BeforeEach
    void name() {
        file = directory.resolve("passwd.tessera");
    }

    @Test
    void acceptsWithTheAccountOfTheLine() throws IOException {
        write("anne:" + MD5 + ":1001:100:Anne Example:/home/anne:/bin/sh:userdb_mail=maildir:~/Maildir\n");
        PasswordFileChecker checker = activate();

        assertEquals(new AuthResult(Outcome.ACCEPTED, "anne", 1001, 100, "/home/anne"), checker.check("anne", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes("wrong"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("bob", bytes(RIGHT), ""));
        assertEquals(List.of(), warnings);
    }

    @Test
    void readsCommentsBlankAndShortLines() throws IOException {
        write("# users of example.org\n"
                + "\n"
                + "   \n"
                + "#anne:{PLAIN}commented\n"
                + "anne:" + MD5 + "\n"
                + "bob:{PLAIN}bobs secret:1002\n"
                + "carol:" + SHA512 + ":1003:100\r\n"
                + "dave:" + SHA512 + ":1004:100::/home/dave");
        PasswordFileChecker checker = activate();

        assertEquals(new AuthResult(Outcome.ACCEPTED, "anne", -1, -1, ""), checker.check("anne", bytes(RIGHT), ""));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "bob", 1002, -1, ""), checker.check("bob", bytes("bobs secret"), ""));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "carol", 1003, 100, ""), checker.check("carol", bytes(RIGHT), ""));
        assertEquals(new AuthResult(Outcome.ACCEPTED, "dave", 1004, 100, "/home/dave"), checker.check("dave", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("#anne", bytes("commented"), ""));
        assertEquals(List.of(), warnings);
    }

    @Test
    void detectsTheSchemeOfCryptAndBareHashes() throws IOException {
        write("anne:{CRYPT}" + MD5 + "\nbob:{crypt}$2y$05$/L79Jm9JRXtY33E3lEzTw.VKCPaxtu0IO0Zap13y1gM02mslI.okm\n");
        PasswordFileChecker checker = activate();

        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes(RIGHT), "").outcome());
        assertEquals(Outcome.ACCEPTED, checker.check("bob", bytes(RIGHT), "").outcome());
    }

    @Test
    void matchesUserNamesExactly() throws IOException {
        write("anne:" + MD5 + "\n");
        PasswordFileChecker checker = activate();

        assertEquals(AuthResult.REJECTED, checker.check("Anne", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("anne ", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("", bytes(RIGHT), ""));
    }

    @Test
    void neverAcceptsAnUnsupportedSchemeAndWarnsOncePerLoad() throws IOException {
        write("anne:{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$+YqrSiClslMlN5eE5mGlYw$OiijFEI9cEohgQiN2gY87S3+pogF22p/BSPNseDqLKY:1001:100\nbob:" + MD5 + "\n"
                + "carol:{PLAIN}\n");
        PasswordFileChecker checker = activate();

        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("carol", new byte[0], ""));
        assertEquals(List.of(file + ": line 1: user anne: unsupported scheme ARGON2I, the user cannot log in",
                file + ": line 3: user carol: empty password, the user cannot log in"), warnings);

        write("anne:{ARGON2I}$argon2i$v=19$m=32768,t=4,p=1$+YqrSiClslMlN5eE5mGlYw$OiijFEI9cEohgQiN2gY87S3+pogF22p/BSPNseDqLKY:1001:100\nbob:" + MD5 + ":1\n");
        assertEquals(Outcome.ACCEPTED, checker.check("bob", bytes(RIGHT), "").outcome());
        assertEquals(3, warnings.size(), "a new load, a new warning");
        assertTrue(warnings.stream().noneMatch(w -> w.contains("OiijFE")), "never a password in the log");
    }

    @Test
    void takesTheFirstLineOfAUser() throws IOException {
        write("anne:{PLAIN}first:1\nanne:{PLAIN}second:2\n");
        PasswordFileChecker checker = activate();

        assertEquals(new AuthResult(Outcome.ACCEPTED, "anne", 1, -1, ""), checker.check("anne", bytes("first"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes("second"), ""));
        assertEquals(List.of(file + ": line 2: user anne: ignored, an earlier line has the same user"), warnings);
    }

    @Test
    void readsTheFileAgainWhenItChanges() throws IOException {
        write("anne:{PLAIN}old\n");
        PasswordFileChecker checker = activate();
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes("old"), "").outcome());

        write("anne:{PLAIN}new\n"); // same size, in place: only the time tells
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes("old"), ""));
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes("new"), "").outcome());

        Path next = directory.resolve("next");
        Files.writeString(next, "anne:{PLAIN}xyz\n");
        Files.setLastModifiedTime(next, Files.getLastModifiedTime(file));
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING); // same size and time: the inode tells
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes("xyz"), "").outcome());
    }

    @Test
    void hasNoUsersWithoutTheFileAndWarnsOnce() throws IOException {
        PasswordFileChecker checker = activate();

        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(List.of(file + " does not exist: no user can log in until it does"), warnings);

        write("anne:" + MD5 + "\n");
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes(RIGHT), "").outcome());

        Files.delete(file);
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(2, warnings.size());
    }

    @Test
    void keepsTheUsersWhenTheFileTurnsMalformed() throws IOException {
        write("anne:" + MD5 + ":1001\n");
        PasswordFileChecker checker = activate();

        write("anne:{PLAIN}new:1001\nbob:{PLAIN}x:not-a-number\n");
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes(RIGHT), "").outcome());
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes("new"), ""));
        assertEquals(List.of(file + " cannot be used (line 2: the uid is not a number from 0 to 4294967295):"
                + " keeping the users read before"), warnings);

        write("anne:{PLAIN}new:1001\nbob:{PLAIN}x:1002\n");
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes("new"), "").outcome());
        assertEquals(1, warnings.size());
    }

    @Test
    void refusesALineWithoutUserOrNotInUtf8() throws IOException {
        write(":{PLAIN}x\n");
        assertEquals(AuthResult.TEMPORARY_FAILURE, activate().check("", bytes("x"), ""));

        Files.write(file, new byte[] {'a', ':', '{', 'P', 'L', 'A', 'I', 'N', '}', (byte) 0xe4, '\n'});
        assertEquals(AuthResult.TEMPORARY_FAILURE, activate().check("a", new byte[] {(byte) 0xe4}, ""));
        assertEquals(List.of(
                file + " cannot be used (line 1 has no user name): every login fails temporarily until it can be read",
                file + " cannot be used (line 1 is not UTF-8): every login fails temporarily until it can be read"), warnings);
    }

    @Test
    void keepsTheUsersWhenTheFileCannotBeRead() throws IOException {
        write("anne:" + MD5 + "\n");
        PasswordFileChecker checker = activate();

        // Tests run as root, whom no mode stops: a directory in the file's place cannot be read by anyone.
        Files.delete(file);
        Files.createDirectory(file);
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes(RIGHT), "").outcome());
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes(RIGHT), "").outcome());
        assertEquals(List.of(file + " cannot be used (Is a directory): keeping the users read before"), warnings);

        Files.delete(file);
        write("bob:" + MD5 + "\n");
        assertEquals(Outcome.ACCEPTED, checker.check("bob", bytes(RIGHT), "").outcome());
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
    }

    @Test
    void failsTemporarilyUntilTheFileCanBeReadAtAll() throws IOException {
        Files.createDirectory(file);
        PasswordFileChecker checker = activate();

        assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("anne", bytes(RIGHT), ""));
        assertEquals(List.of(file + " cannot be used (Is a directory): every login fails temporarily until it can be read"),
                warnings);

        Files.delete(file);
        write("anne:" + MD5 + "\n");
        assertEquals(Outcome.ACCEPTED, checker.check("anne", bytes(RIGHT), "").outcome());
    }

    @Test
    void acceptsTheApopDigestOfAPlainPassword() throws IOException {
        // RFC 1939, section 7
        write("mrose:{PLAIN}tanstaaf:1001:100::/home/mrose\nanne:" + MD5 + "\n");
        PasswordFileChecker checker = activate();
        String timestamp = "<1896.697170952@dbc.mtview.ca.us>";

        assertEquals(new AuthResult(Outcome.ACCEPTED, "mrose", 1001, 100, "/home/mrose"),
                checker.check("mrose", bytes("c4c9334bac560ecc979e58001b3e22fb"), timestamp));
        assertEquals(Outcome.ACCEPTED, checker.check("mrose", bytes("tanstaaf"), timestamp).outcome());
        assertEquals(AuthResult.REJECTED, checker.check("mrose", bytes("c4c9334bac560ecc979e58001b3e22fb"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("mrose", bytes("c4c9334bac560ecc979e58001b3e22fb"), null));
    }

    @Test
    void leavesThePasswordToTheCaller() throws IOException {
        write("anne:" + MD5 + "\nbob:" + SHA512 + "\n");
        PasswordFileChecker checker = activate();
        for (String user : List.of("anne", "bob", "nobody")) {
            byte[] password = bytes(RIGHT);
            checker.check(user, password, "");
            assertArrayEquals(bytes(RIGHT), password, user);
        }
    }

    @Test
    void answersManyLoginsAtOnce() throws Exception {
        String hash = Argon2id.create(bytes(RIGHT), new SecureRandom()).toString();
        write("anne:{ARGON2ID}" + hash + ":1001:100::/home/anne\n");
        PasswordFileChecker checker = activate();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<AuthResult>> logins = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String password = i % 2 == 0 ? RIGHT : "wrong";
                logins.add(() -> checker.check("anne", bytes(password), ""));
            }
            List<Future<AuthResult>> results = pool.invokeAll(logins);
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i % 2 == 0 ? Outcome.ACCEPTED : Outcome.REJECTED, results.get(i).get().outcome());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void costsAsMuchForAnUnknownUserAsForAWrongPassword() throws IOException {
        String hash = Argon2id.create(bytes(RIGHT), new SecureRandom()).toString();
        write("anne:{ARGON2ID}" + hash + ":1001:100::/home/anne\n");
        PasswordFileChecker checker = activate();
        checker.check("anne", bytes("wrong"), "");
        checker.check("nobody", bytes("wrong"), "");

        long[] unknown = new long[21];
        long[] wrong = new long[21];
        for (int i = 0; i < unknown.length; i++) {
            // Taken in turns, so that whatever else the machine does weighs on both alike.
            unknown[i] = nanos(() -> checker.check("nobody", bytes("wrong"), ""));
            wrong[i] = nanos(() -> checker.check("anne", bytes("wrong"), ""));
        }

        long unknownMedian = median(unknown);
        long wrongMedian = median(wrong);
        assertTrue(unknownMedian >= wrongMedian / 2,
                "unknown user " + unknownMedian / 1000 + " µs, wrong password " + wrongMedian / 1000 + " µs");
    }

    @Test
    void runsWithDefaultsWithoutConfiguration() {
        PasswordFileChecker checker = activate(Map.of());

        assertEquals(PasswordFilePath.resolve("", System.getProperty("karaf.etc"), TesseraHome.ofServer("")),
                checker.file());
    }

    @Test
    void takesANewFileWhenModified() throws IOException {
        write("anne:" + MD5 + "\n");
        Path other = directory.resolve("other");
        Files.writeString(other, "bob:" + MD5 + "\n");
        PasswordFileChecker checker = activate();

        checker.modified(config(Map.of("file", other.toString(), "service.ranking", 5)));

        assertEquals(other, checker.file());
        assertEquals(Outcome.ACCEPTED, checker.check("bob", bytes(RIGHT), "").outcome());
        assertEquals(AuthResult.REJECTED, checker.check("anne", bytes(RIGHT), ""));
    }

    private PasswordFileChecker activate() {
        return activate(Map.of("file", file.toString()));
    }

    private PasswordFileChecker activate(Map<String, Object> properties) {
        PasswordFileChecker checker = new PasswordFileChecker();
        checker.warning = warnings::add;
        checker.activate(config(properties));
        return checker;
    }

    private static PasswordFileCheckerConfiguration config(Map<String, Object> properties) {
        return Converters.standardConverter().convert(properties).to(PasswordFileCheckerConfiguration.class);
    }

    // Each version one second younger than the last, so that a rewrite of the same size is seen on any file system.
    private void write(String content) throws IOException {
        Files.writeString(file, content);
        modified += 1000;
        Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
    }

    private static long nanos(Runnable check) {
        long start = System.nanoTime();
        check.run();
        return System.nanoTime() - start;
    }

    static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

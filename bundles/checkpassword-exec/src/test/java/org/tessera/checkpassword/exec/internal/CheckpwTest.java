package org.tessera.checkpassword.exec.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.tessera.checkpassword.exec.internal.TestPrograms.bytes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tessera.api.auth.AuthResult;
import org.tessera.api.auth.AuthResult.Outcome;

/**
 * Debian's checkpw package, a real checkpassword: it checks the password in {@code ~/Maildir/.password} of a system
 * account. Needs root (to make the account and to switch to it); skipped otherwise, or without checkpw, unless
 * {@code -Dtessera.requireTools=true}.
 */
@Timeout(120)
class CheckpwTest {

    static final Path CHECKPW = Path.of("/usr/bin/checkpw");
    static final Path CHECKAPOPPW = Path.of("/usr/bin/checkapoppw");
    // No dash: checkpw takes "user-ext" for the account "user" with the extension "ext".
    static final String ACCOUNT = "tesseracpw";
    static final String PASSWORD = "correct horse";

    private CheckpasswordProgram checker;
    private AuthResult account;

    /** Makes the system account (or moves the existing one) to a home under target/ with its password file. */
    static AuthResult account() throws IOException, InterruptedException {
        TestPrograms.require(TestPrograms.isRoot(), "checkpw needs root to switch accounts");
        TestPrograms.require(Files.isExecutable(CHECKPW), CHECKPW + " is missing (apt-get install checkpw)");
        Path home = TestPrograms.home(ACCOUNT);
        Optional<String> exists = id("-u");
        if (exists.isEmpty()) {
            TestPrograms.run(system("useradd"), "-M", "-d", home.toString(), "-s", "/usr/sbin/nologin", ACCOUNT);
        } else {
            TestPrograms.run(system("usermod"), "-d", home.toString(), ACCOUNT);
        }
        Path maildir = Files.createDirectories(home.resolve("Maildir"));
        Path password = Files.writeString(maildir.resolve(".password"), PASSWORD + "\n");
        TestPrograms.run("chown", "-R", ACCOUNT + ":", home.toString());
        Files.setPosixFilePermissions(maildir, PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
        return new AuthResult(Outcome.ACCEPTED, ACCOUNT, Long.parseLong(id("-u").orElseThrow()),
                Long.parseLong(id("-g").orElseThrow()), home.toString());
    }

    private static Optional<String> id(String which) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("id", which, ACCOUNT).start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        return process.waitFor() == 0 ? Optional.of(output) : Optional.empty();
    }

    private static String system(String command) {
        for (String dir : List.of("/usr/sbin", "/sbin", "/usr/bin")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return dir + "/" + command;
            }
        }
        return command;
    }

    @BeforeEach
    void start() throws Exception {
        account = account();
        checker = TestPrograms.checker(TestPrograms.config(CHECKPW.toString(), 10));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (checker != null) {
            checker.deactivate();
        }
    }

    @Test
    void rightPasswordIsAcceptedAsTheAccountWithItsIdsAndHome() {
        assertEquals(account, checker.check(ACCOUNT, bytes(PASSWORD), "<1.2@example.org>"));
        assertEquals(account, checker.check(ACCOUNT, bytes(PASSWORD), ""));
    }

    @Test
    void wrongPasswordAndUnknownAccountAreRejected() {
        assertEquals(AuthResult.REJECTED, checker.check(ACCOUNT, bytes("correct horse!"), ""));
        assertEquals(AuthResult.REJECTED, checker.check(ACCOUNT, bytes(""), ""));
        assertEquals(AuthResult.REJECTED, checker.check("tessera-no-such-account", bytes(PASSWORD), ""));
    }

    @Test
    void checkapoppwChecksTheDigestOfTheTimestamp() throws InterruptedException, NoSuchAlgorithmException {
        TestPrograms.require(Files.isExecutable(CHECKAPOPPW), CHECKAPOPPW + " is missing (apt-get install checkpw)");
        CheckpasswordProgram apop = TestPrograms.checker(TestPrograms.config(CHECKAPOPPW.toString(), 10));
        try {
            String timestamp = "<4711.1700000000@mail.example.org>";
            String digest = CheckpasswordProgramTest.md5Hex(timestamp + PASSWORD);
            assertEquals(account, apop.check(ACCOUNT, bytes(digest), timestamp));
            assertEquals(AuthResult.REJECTED, apop.check(ACCOUNT, bytes(digest), "<4712.1700000000@mail.example.org>"));
        } finally {
            apop.deactivate();
        }
    }
}

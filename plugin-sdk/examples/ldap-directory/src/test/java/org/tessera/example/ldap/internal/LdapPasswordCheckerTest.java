package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tessera.api.auth.AuthResult;
import org.tessera.testkit.MemoryControlFiles;

/**
 * The checker against a real slapd: binds as the user (slapd checks its {SSHA} userPassword), or reads the
 * hash and checks it here; the entries are the directory test's.
 */
class LdapPasswordCheckerTest {

    private static final String PASSWORD = "horse battery";
    private static final AuthResult JOE = new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 2001, 2000, "/srv/mail/joe");

    @TempDir
    static Path serverDirectory;
    static Slapd slapd;

    @TempDir
    Path home;
    private final MemoryControlFiles control = new MemoryControlFiles();
    private final List<LdapPasswordChecker> started = new ArrayList<>();

    @BeforeAll
    static void startSlapd() throws Exception {
        boolean required = Boolean.getBoolean("tessera.requireTools");
        assertTrue(Slapd.available() || !required, "slapd and ldap-utils (Debian packages) and root are required here");
        assumeTrue(Slapd.available(), "slapd, ldap-utils and root");
        slapd = Slapd.start(serverDirectory, LdapUserDirectoryTest.ENTRIES);
    }

    @AfterAll
    static void stopSlapd() throws Exception {
        if (slapd != null) {
            slapd.close();
        }
    }

    @BeforeEach
    void aliasUser() throws IOException {
        Files.createDirectory(home.resolve("alias"));
        control.home = home;
    }

    @AfterEach
    void deactivate() {
        started.forEach(LdapPasswordChecker::deactivate);
    }

    private LdapPasswordChecker checker(Object... keysAndValues) throws Exception {
        LdapPasswordChecker checker = new LdapPasswordChecker(control, slapd.configuration(keysAndValues));
        started.add(checker);
        return checker;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBindAsTheUserAcceptsTheRightPasswordWithTheAccountsIdsAndHome() throws Exception {
        LdapPasswordChecker checker = checker();

        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));
        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""), "the pool's connection bound back and searches again");
        assertEquals(AuthResult.REJECTED, checker.check("joe", bytes("horse batterY"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("joe", new byte[0], ""), "an unauthenticated bind is no login");
        assertEquals(AuthResult.REJECTED, checker.check("nobody", bytes(PASSWORD), ""));
        assertEquals(AuthResult.REJECTED, checker.check("*", bytes(PASSWORD), ""));
        assertEquals(AuthResult.REJECTED, checker.check("", bytes(PASSWORD), ""));
    }

    @Test
    void aComparedHashAcceptsTheSameAndASearcherThatSeesNothingFailsTemporarily() throws Exception {
        LdapPasswordChecker checker = checker("passwordCheck", "COMPARE");

        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));
        assertEquals(AuthResult.REJECTED, checker.check("joe", bytes("horse batterY"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("mary-ann", bytes(PASSWORD), ""), "no userPassword, no login");
        assertEquals(AuthResult.TEMPORARY_FAILURE, checker("passwordCheck", "COMPARE", "bindDn", "").check("joe", bytes(PASSWORD), ""),
                "anonymous may not see ou=people here (slapd says noSuchObject): a configuration to mend, not a wrong password");
    }

    @Test
    void onlyActiveAccountsWithAMailboxLogIn() throws Exception {
        LdapPasswordChecker checker = checker("messageStorePrefix", "/var/vmail", "defaultUid", 5000L, "defaultGid", 5001L);

        assertEquals(AuthResult.REJECTED, checker.check("quiet", bytes(PASSWORD), ""), "accountStatus noaccess");
        assertEquals(new AuthResult(AuthResult.Outcome.ACCEPTED, "bob", 5000, 5001, "/var/vmail/bob"),
                checker.check("bob", bytes(PASSWORD), ""));
    }

    @Test
    void aServerThatCannotAnswerIsATemporaryFailure() throws Exception {
        LdapPasswordChecker checker = checker();
        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));

        slapd.stop();
        try {
            assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe", bytes(PASSWORD), ""));
            assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe", bytes("wrong"), ""), "wrong or not cannot be told");
        } finally {
            slapd.start();
        }
        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));
    }
}

package org.tessera.example.ldap.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tessera.api.auth.AuthResult;

/**
 * The checker against a real slapd: binds as the user (slapd checks its {SSHA} userPassword), or reads the
 * hash and checks it here; the entries are the directory test's.
 */
class LdapPasswordCheckerTest {

    private static final String PASSWORD = "horse battery";
    @RegisterExtension
    static final LdapFixture ldap = LdapFixture.plain();

    private static final AuthResult JOE = new AuthResult(AuthResult.Outcome.ACCEPTED, "joe", 2001, 2000, "/srv/mail/joe");

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aBindAsTheUserAcceptsTheRightPasswordWithTheAccountsIdsAndHome() throws Exception {
        LdapPasswordChecker checker = ldap.checker();

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
        LdapPasswordChecker checker = ldap.checker("passwordCheck", "COMPARE");

        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));
        assertEquals(AuthResult.REJECTED, checker.check("joe", bytes("horse batterY"), ""));
        assertEquals(AuthResult.REJECTED, checker.check("mary-ann", bytes(PASSWORD), ""), "no userPassword, no login");
        assertEquals(AuthResult.TEMPORARY_FAILURE, ldap.checker("passwordCheck", "COMPARE", "bindDn", "").check("joe", bytes(PASSWORD), ""),
                "anonymous may not see ou=people here (slapd says noSuchObject): a configuration to mend, not a wrong password");
    }

    @Test
    void onlyActiveAccountsWithAMailboxLogIn() throws Exception {
        LdapPasswordChecker checker = ldap.checker("messageStorePrefix", "/var/vmail", "defaultUid", 5000L, "defaultGid", 5001L);

        assertEquals(AuthResult.REJECTED, checker.check("quiet", bytes(PASSWORD), ""), "accountStatus noaccess");
        assertEquals(new AuthResult(AuthResult.Outcome.ACCEPTED, "bob", 5000, 5001, "/var/vmail/bob"),
                checker.check("bob", bytes(PASSWORD), ""));
    }

    @Test
    void aServerThatCannotAnswerIsATemporaryFailure() throws Exception {
        LdapPasswordChecker checker = ldap.checker();
        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));

        ldap.slapd().stop();
        try {
            assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe", bytes(PASSWORD), ""));
            assertEquals(AuthResult.TEMPORARY_FAILURE, checker.check("joe", bytes("wrong"), ""), "wrong or not cannot be told");
        } finally {
            ldap.slapd().start();
        }
        assertEquals(JOE, checker.check("joe", bytes(PASSWORD), ""));
    }
}

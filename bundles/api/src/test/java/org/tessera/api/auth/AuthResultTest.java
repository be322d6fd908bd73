package org.tessera.api.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tessera.api.auth.AuthResult.Outcome;

class AuthResultTest {

    @Test
    void acceptedMayCarryTheAccount() {
        AuthResult r = new AuthResult(Outcome.ACCEPTED, "joe", 507, 100, "/home/joe");
        assertEquals("/home/joe", r.home());
        AuthResult unknownIds = new AuthResult(Outcome.ACCEPTED, "joe", AuthResult.UNKNOWN_ID, AuthResult.UNKNOWN_ID, "");
        assertEquals(AuthResult.UNKNOWN_ID, unknownIds.uid());
    }

    @Test
    void constants() {
        assertEquals(Outcome.REJECTED, AuthResult.REJECTED.outcome());
        assertEquals(Outcome.TEMPORARY_FAILURE, AuthResult.TEMPORARY_FAILURE.outcome());
    }

    @Test
    void acceptedNeedsAUser() {
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.ACCEPTED, "", 507, 100, "/home/joe"));
    }

    @Test
    void refusalCarriesNoAccount() {
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.REJECTED, "joe", -1, -1, ""));
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.REJECTED, "", 507, -1, ""));
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.TEMPORARY_FAILURE, "", -1, 100, ""));
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.TEMPORARY_FAILURE, "", -1, -1, "/"));
    }

    @Test
    void refusesIdsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.ACCEPTED, "joe", -2, 100, ""));
        assertThrows(IllegalArgumentException.class, () -> new AuthResult(Outcome.ACCEPTED, "joe", 507, 0x1_0000_0000L, ""));
    }

    @Test
    void refusesNulls() {
        assertThrows(NullPointerException.class, () -> new AuthResult(null, "", -1, -1, ""));
        assertThrows(NullPointerException.class, () -> new AuthResult(Outcome.ACCEPTED, null, 1, 1, ""));
        assertThrows(NullPointerException.class, () -> new AuthResult(Outcome.ACCEPTED, "joe", 1, 1, null));
    }
}
